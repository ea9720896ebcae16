/*
 * Nordhus demo shop: cart, events and recommendation shelves.
 *
 * Talks to the recommender only through the crec script's command queue, window.sannsyn:
 *   ['update', {...}]  ['recommend', {...}, callback]  ['flush']  ['rescan', node]  ['debug', true]
 * Contents: 1. page facts  2. queue helpers  3. catalog  4. cart  5. shelves  6. pages  7. start
 */
(function () {
  'use strict';

  // ---- 1. page facts (rendered by the server on <body>) ---------------------------------------
  var body = document.body;
  var page = body.dataset.page || '';
  var customer = body.dataset.customer || '';
  var productId = body.dataset.product || '';
  var currency = body.dataset.currency || 'kr';
  var CART_KEY = 'nordhus.cart';
  var RECOMMEND_TIMEOUT_MS = 8000;
  var POPULAR = 'PopularRecommender';

  // ---- 2. queue helpers -------------------------------------------------------------------------
  window.sannsyn = window.sannsyn || [];

  /** Pushes a command; the crec script may have replaced the array by then, so look it up each time. */
  function command(c) {
    window.sannsyn.push(c);
  }

  var crecMissing = false;

  /** Runs fn once the crec script has loaded (sannsyn.ssasid exists), or after a few seconds anyway. */
  function whenLoaded(fn) {
    var waited = 0;
    (function poll() {
      if (typeof window.sannsyn.ssasid === 'function') {
        fn();
        return;
      }
      if (waited >= 5000) {
        crecMissing = true; // the script did not load: nobody would answer the queue
        fn();
        return;
      }
      waited += 50;
      setTimeout(poll, 50);
    })();
  }

  function visitorId() {
    if (customer) {
      return customer;
    }
    try {
      var id = typeof window.sannsyn.ssasid === 'function' ? window.sannsyn.ssasid() : '';
      return typeof id === 'string' ? id : ''; // never tag a request with something that is not an id
    } catch (e) {
      return '';
    }
  }

  function update(what, ids) {
    var u = {what: what, entityIDs: ids, where: 'web'};
    if (customer) {
      u.customer = customer;
    }
    command(['update', u]);
  }

  /** Asks for recommendations; callback(answer or null) is called exactly once. */
  function recommend(request, callback) {
    if (crecMissing) {
      callback(null);
      return;
    }
    var done = false;
    var timer = setTimeout(function () { finish(null); }, RECOMMEND_TIMEOUT_MS);
    function finish(answer) {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      callback(answer);
    }
    command(['recommend', request, finish]);
  }

  // ---- 3. catalog -------------------------------------------------------------------------------
  var catalogPromise = null;

  function catalog() {
    if (!catalogPromise) {
      catalogPromise = fetch('/catalog.json').then(function (r) {
        if (!r.ok) {
          throw new Error('catalog ' + r.status);
        }
        return r.json();
      }).then(function (c) {
        var byId = {};
        c.products.forEach(function (p) { byId[p.id] = p; });
        return {byId: byId, currency: c.currency};
      });
    }
    return catalogPromise;
  }

  function price(amount) {
    return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') + '\u00a0' + currency;
  }

  // ---- 4. cart (kept in localStorage) -----------------------------------------------------------
  function readCart() {
    try {
      var c = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
      return Array.isArray(c) ? c.filter(function (l) { return l && typeof l.id === 'string' && l.qty > 0; }) : [];
    } catch (e) {
      return [];
    }
  }

  function writeCart(lines) {
    localStorage.setItem(CART_KEY, JSON.stringify(lines));
    showCount();
  }

  function cartIds() {
    return readCart().map(function (l) { return l.id; });
  }

  function showCount() {
    var n = readCart().reduce(function (s, l) { return s + l.qty; }, 0);
    var badge = document.getElementById('cart-count');
    if (badge) {
      badge.textContent = String(n);
      badge.classList.toggle('zero', n === 0);
    }
  }

  function addToCart(id) {
    var lines = readCart();
    var line = lines.filter(function (l) { return l.id === id; })[0];
    if (line) {
      line.qty += 1;
    } else {
      lines.push({id: id, qty: 1});
    }
    writeCart(lines);
    update('ADDTOCART', [id]);
    toast('Added to your cart. <a href="/cart">View cart</a>');
  }

  function setQuantity(id, qty) {
    var lines = readCart().map(function (l) {
      return l.id === id ? {id: id, qty: qty} : l;
    }).filter(function (l) { return l.qty > 0; });
    writeCart(lines);
  }

  var toastTimer;
  function toast(html) {
    var t = document.getElementById('toast');
    if (!t) {
      return;
    }
    t.innerHTML = html;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.hidden = true; }, 3500);
  }

  // ---- 5. shelves -------------------------------------------------------------------------------
  /** The request a shelf makes, from its kind; null when it has nothing to ask about. */
  function shelfRequest(shelf, num) {
    var recommender = shelf.dataset.recommender;
    switch (shelf.dataset.shelf) {
      case 'for-you':
        return {recommender: recommender, externalIds: [customer || 'anonymous'], num: num};
      case 'also-viewed':
        var who = visitorId();
        var r = {recommender: recommender, externalIds: [productId], num: num};
        if (who) {
          r.tags = ['userid:' + who];
        }
        return r;
      case 'basket':
        var ids = cartIds();
        return ids.length ? {recommender: recommender, externalIds: ids, num: num} : null;
      default:
        return {recommender: recommender, num: num};
    }
  }

  /** Ids a shelf must not show: the product on screen, what is already in the cart. */
  function excluded(shelf) {
    var out = {};
    if (productId) {
      out[productId] = true;
    }
    if (shelf.dataset.shelf === 'basket') {
      cartIds().forEach(function (id) { out[id] = true; });
    }
    return out;
  }

  function resultIds(answer) {
    if (!answer || !Array.isArray(answer.result)) {
      return [];
    }
    return answer.result.map(function (r) {
      return typeof r === 'string' ? r : (r && (r.id || r.entityID)) || null;
    }).filter(Boolean);
  }

  function fillShelf(shelf) {
    var num = parseInt(shelf.dataset.num, 10) || 6;
    var ask = num + 4; // room to drop excluded or unknown ids
    var request = shelfRequest(shelf, ask);
    shelf.setAttribute('aria-busy', 'true');
    catalog().then(function (cat) {
      function usable(answer) {
        var skip = excluded(shelf);
        return resultIds(answer).filter(function (id) {
          return cat.byId[id] && !skip[id];
        }).slice(0, num);
      }
      function fallback() {
        recommend({recommender: POPULAR, num: ask}, function (answer) {
          var ids = usable(answer);
          if (ids.length) {
            render(shelf, ids, answer.origin || POPULAR, cat, 'fallback', 'Nothing personal yet: popular picks');
          } else {
            render(shelf, [], '', cat, answer ? 'empty' : 'failed',
              answer ? 'No recommendations yet' : 'Recommendations are not available right now');
          }
        });
      }
      if (!request || request.recommender === POPULAR) {
        fallback();
        return;
      }
      recommend(request, function (answer) {
        var ids = usable(answer);
        if (ids.length) {
          render(shelf, ids, answer.origin || request.recommender, cat, 'filled', '');
        } else {
          fallback();
        }
      });
    }).catch(function () {
      render(shelf, [], '', {byId: {}}, 'failed', 'Recommendations are not available right now');
    });
  }

  function render(shelf, ids, origin, cat, state, note) {
    var list = shelf.querySelector('.shelf-items');
    list.textContent = '';
    ids.forEach(function (id) {
      var p = cat.byId[id];
      var li = document.createElement('li');
      li.className = 'card';
      li.setAttribute('data-sannsyn-recommendation', id);
      li.setAttribute('data-sannsyn-recommender-ID', origin);
      var a = document.createElement('a');
      a.href = p.url;
      var img = document.createElement('img');
      img.src = p.image;
      img.alt = '';
      img.loading = 'lazy';
      var name = document.createElement('span');
      name.className = 'name';
      name.textContent = p.name;
      var cost = document.createElement('span');
      cost.className = 'price';
      cost.textContent = price(p.price);
      a.appendChild(img);
      a.appendChild(name);
      a.appendChild(cost);
      li.appendChild(a);
      list.appendChild(li);
    });
    shelf.querySelector('.shelf-note').textContent = note;
    shelf.dataset.state = state;
    shelf.dataset.origin = origin;
    shelf.setAttribute('aria-busy', 'false');
    shelf.classList.toggle('is-empty', ids.length === 0);
    if (ids.length) {
      command(['rescan', list]);
    }
  }

  function fillShelves(selector) {
    Array.prototype.forEach.call(document.querySelectorAll(selector || '.shelf'), fillShelf);
  }

  // ---- 6. pages ---------------------------------------------------------------------------------
  function productPage() {
    update('BROWSE', [productId]);
    var button = document.querySelector('[data-add-to-cart]');
    if (button) {
      button.addEventListener('click', function () {
        addToCart(button.getAttribute('data-add-to-cart'));
      });
    }
  }

  function cartPage() {
    var box = document.getElementById('cart');
    function draw() {
      catalog().then(function (cat) {
        var lines = readCart().filter(function (l) { return cat.byId[l.id]; });
        box.textContent = '';
        if (!lines.length) {
          box.innerHTML = '<p class="empty">Your cart is empty. <a href="/">Find something nice</a>.</p>';
          return;
        }
        var table = document.createElement('ul');
        table.className = 'cart-lines';
        var total = 0;
        lines.forEach(function (l) {
          var p = cat.byId[l.id];
          total += p.price * l.qty;
          var li = document.createElement('li');
          li.className = 'cart-line';
          li.dataset.id = l.id;
          li.innerHTML = '<img alt="" width="64" height="64"><a class="name"></a>'
            + '<span class="qty"><button type="button" class="minus" aria-label="One less">−</button>'
            + '<span class="n"></span><button type="button" class="plus" aria-label="One more">+</button></span>'
            + '<span class="price"></span><button type="button" class="remove">Remove</button>';
          li.querySelector('img').src = p.image;
          li.querySelector('.name').href = p.url;
          li.querySelector('.name').textContent = p.name;
          li.querySelector('.n').textContent = String(l.qty);
          li.querySelector('.price').textContent = price(p.price * l.qty);
          li.querySelector('.minus').onclick = function () { setQuantity(l.id, l.qty - 1); changed(); };
          li.querySelector('.plus').onclick = function () { addToCart(l.id); changed(); };
          li.querySelector('.remove').onclick = function () { setQuantity(l.id, 0); changed(); };
          table.appendChild(li);
        });
        box.appendChild(table);
        var foot = document.createElement('div');
        foot.className = 'cart-total';
        foot.innerHTML = '<span>Total <strong class="total"></strong></span><a class="button primary" href="/checkout" id="to-checkout">Go to checkout</a>';
        foot.querySelector('.total').textContent = price(total);
        box.appendChild(foot);
      });
    }
    function changed() {
      draw();
      whenLoaded(function () { fillShelves('.shelf[data-shelf="basket"]'); });
    }
    draw();
  }

  function checkoutPage() {
    var summary = document.getElementById('order-summary');
    var form = document.getElementById('checkout-form');
    catalog().then(function (cat) {
      var lines = readCart().filter(function (l) { return cat.byId[l.id]; });
      if (!lines.length) {
        summary.innerHTML = '<p class="empty">Your cart is empty. <a href="/">Find something nice</a>.</p>';
        form.hidden = true;
        return;
      }
      var total = 0;
      var ul = document.createElement('ul');
      lines.forEach(function (l) {
        var p = cat.byId[l.id];
        total += p.price * l.qty;
        var li = document.createElement('li');
        li.textContent = l.qty + ' × ' + p.name + ' — ' + price(p.price * l.qty);
        ul.appendChild(li);
      });
      summary.textContent = '';
      summary.appendChild(ul);
      var t = document.createElement('p');
      t.className = 'total';
      t.textContent = 'Total ' + price(total);
      summary.appendChild(t);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var ids = cartIds();
      if (!ids.length) {
        return;
      }
      update('PURCHASE', ids);
      command(['flush']);
      writeCart([]);
      document.getElementById('order-number').textContent = 'NH-' + Date.now().toString(36).toUpperCase();
      document.getElementById('checkout').hidden = true;
      document.getElementById('thanks').hidden = false;
      body.dataset.ordered = ids.join(' ');
      // give the purchase a moment to reach the recommender, then ask again
      setTimeout(function () { fillShelves(); }, 1200);
    });
  }

  // ---- 7. start ---------------------------------------------------------------------------------
  if (/[?&]sannsyn-debug\b/.test(location.search)) {
    command(['debug', true]);
  }
  showCount();
  if (page === 'product' && productId) {
    productPage();
  } else if (page === 'cart') {
    cartPage();
  } else if (page === 'checkout') {
    checkoutPage();
  }
  // the shelves wait for the crec script: the item-to-item shelf needs the visitor's id in its tag
  whenLoaded(function () { fillShelves(); });
  window.addEventListener('storage', function (e) {
    if (e.key === CART_KEY) {
      showCount();
    }
  });
})();
