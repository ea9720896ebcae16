/*
 * Nordhus statistics page: polls /stats.json (the shop's server-side proxy of
 * GET recapi/1.0/stats/{service}) every few seconds and draws a table and two SVG charts.
 */
(function () {
  'use strict';
  var POLL_MS = 3000;
  var SVG = 'http://www.w3.org/2000/svg';
  var COLOURS = ['#1f5f5b', '#c2543a', '#5a3d8a', '#d08a1e', '#3b5b9a', '#6b8e23', '#b5617e', '#37474f'];
  var history = []; // {t, exposures, clicks}

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function pct(x) {
    return (x * 100).toFixed(x > 0 && x < 0.1 ? 2 : 1) + ' %';
  }

  function num(x) {
    return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  }

  function rows(stats) {
    return (stats.recommenders || []).map(function (r) {
      var e = +r.exposures || 0;
      var c = +r.clicks || 0;
      return {origin: String(r.origin), exposures: e, clicks: c, ctr: typeof r.ctr === 'number' ? r.ctr : (e ? c / e : 0)};
    }).sort(function (a, b) { return b.exposures - a.exposures || a.origin.localeCompare(b.origin); });
  }

  function table(list) {
    var tbody = document.querySelector('#stats-table tbody');
    tbody.textContent = '';
    if (!list.length) {
      var tr = document.createElement('tr');
      tr.innerHTML = '<td colspan="4">No exposures yet: browse the shop and let a shelf come into view.</td>';
      tbody.appendChild(tr);
      return;
    }
    list.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.origin = r.origin;
      [r.origin, num(r.exposures), num(r.clicks), pct(r.ctr)].forEach(function (v, i) {
        var td = document.createElement('td');
        td.textContent = v;
        td.className = ['origin', 'exposures', 'clicks', 'ctr'][i];
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  function totals(list, stats) {
    var e = 0;
    var c = 0;
    list.forEach(function (r) { e += r.exposures; c += r.clicks; });
    var what = stats.what || {};
    var events = Object.keys(what).reduce(function (s, k) { return s + (+what[k] || 0); }, 0);
    var box = document.getElementById('stats-totals');
    box.textContent = '';
    [['Exposures', num(e), 'total-exposures'], ['Clicks', num(c), 'total-clicks'],
      ['Click-through rate', pct(e ? c / e : 0), 'total-ctr'], ['Events', num(events), 'total-events']]
      .forEach(function (t) {
        var d = document.createElement('div');
        d.className = 'stat-card';
        d.id = t[2];
        d.innerHTML = '<span class="label"></span><span class="value"></span>';
        d.querySelector('.label').textContent = t[0];
        d.querySelector('.value').textContent = t[1];
        box.appendChild(d);
      });
    var ul = document.getElementById('stats-what');
    ul.textContent = '';
    Object.keys(what).sort().forEach(function (k) {
      var li = document.createElement('li');
      li.dataset.what = k;
      li.textContent = k + ': ' + num(what[k]);
      ul.appendChild(li);
    });
    return {exposures: e, clicks: c};
  }

  function signedPct(x) {
    return (x > 0 ? '+' : x < 0 ? '\u2212' : '') + pct(Math.abs(x));
  }

  /** One table per experiment: its variants' exposures, clicks, CTR, and each comparison with the control. */
  function experiments(stats) {
    var box = document.getElementById('stats-experiments');
    box.textContent = '';
    var list = stats.experiments || [];
    if (!list.length) {
      box.innerHTML = '<p>No experiments configured.</p>';
      return;
    }
    list.forEach(function (x) {
      var comparisons = {};
      (x.comparisons || []).forEach(function (c) { comparisons[c.variant] = c; });
      var wrap = document.createElement('div');
      wrap.className = 'table-wrap experiment';
      wrap.dataset.experiment = x.name;
      var h = document.createElement('h3');
      h.textContent = x.name + ' at ' + x.placement + (x.running ? '' : ' (not running)');
      wrap.appendChild(h);
      var table = document.createElement('table');
      table.className = 'stats-table';
      table.innerHTML = '<thead><tr><th>Variant</th><th>Exposures</th><th>Clicks</th><th>CTR</th>'
        + '<th>Difference</th><th>95 % interval</th><th>Exposures to go</th></tr></thead><tbody></tbody>';
      (x.variants || []).forEach(function (v, i) {
        var c = comparisons[v.variant];
        var tr = document.createElement('tr');
        tr.dataset.variant = v.variant;
        var interval = c && c.ci95 ? signedPct(c.ci95[0]) + ' to ' + signedPct(c.ci95[1]) : '';
        var toGo = !c ? '' : typeof c.exposuresToGo === 'number' ? num(c.exposuresToGo) : 'not yet known';
        if (c && c.significant) {
          tr.className = 'significant';
        }
        [v.variant + (i === 0 ? ' (control)' : ''), num(v.exposures), num(v.clicks), pct(v.ctr || 0),
          c && typeof c.difference === 'number' ? signedPct(c.difference) : '', interval, toGo]
          .forEach(function (text, k) {
            var td = document.createElement('td');
            td.textContent = text;
            td.className = ['variant', 'exposures', 'clicks', 'ctr', 'difference', 'ci95', 'to-go'][k];
            tr.appendChild(td);
          });
        table.querySelector('tbody').appendChild(tr);
      });
      wrap.appendChild(table);
      box.appendChild(wrap);
    });
  }

  /** Horizontal bars: CTR per recommender, labelled with clicks / exposures. */
  function ctrChart(list) {
    var svg = document.getElementById('ctr-chart');
    svg.textContent = '';
    var rowH = 34;
    var left = 262;
    var width = 640 - left - 105;
    var height = Math.max(80, 20 + list.length * rowH);
    svg.setAttribute('viewBox', '0 0 640 ' + height);
    var max = list.reduce(function (m, r) { return Math.max(m, r.ctr); }, 0);
    max = max > 0 ? Math.min(1, max * 1.15) : 0.1;
    for (var g = 0; g <= 4; g++) {
      var x = left + width * g / 4;
      svg.appendChild(el('line', {x1: x, x2: x, y1: 8, y2: height - 14, stroke: '#e3e6e8'}));
      svg.appendChild(el('text', {x: x, y: height - 2, 'font-size': 10, 'text-anchor': 'middle', fill: '#6b7278'},
        pct(max * g / 4)));
    }
    if (!list.length) {
      svg.appendChild(el('text', {x: 320, y: 45, 'text-anchor': 'middle', fill: '#6b7278', 'font-size': 14}, 'No data yet'));
      return;
    }
    list.forEach(function (r, i) {
      var y = 12 + i * rowH;
      var w = Math.max(r.ctr > 0 ? 2 : 0, width * r.ctr / max);
      svg.appendChild(el('text', {x: left - 10, y: y + 17, 'text-anchor': 'end', 'font-size': 13, fill: '#1d2327'}, r.origin));
      svg.appendChild(el('rect', {x: left, y: y + 4, width: width, height: 18, rx: 3, fill: '#f1f3f4'}));
      var bar = el('rect', {x: left, y: y + 4, width: w, height: 18, rx: 3, fill: COLOURS[i % COLOURS.length]});
      bar.appendChild(el('title', {}, r.origin + ': ' + pct(r.ctr)));
      svg.appendChild(bar);
      svg.appendChild(el('text', {x: left + width + 8, y: y + 17, 'font-size': 12, fill: '#1d2327'},
        pct(r.ctr) + ' · ' + r.clicks + '/' + r.exposures));
    });
  }

  /** Two stacked sparklines: total exposures and total clicks per poll. */
  function timeline() {
    var svg = document.getElementById('timeline-chart');
    svg.textContent = '';
    if (history.length < 1) {
      return;
    }
    [['exposures', '#1f5f5b', 10], ['clicks', '#c2543a', 85]].forEach(function (s) {
      var key = s[0];
      var top = s[2];
      var h = 60;
      var values = history.map(function (p) { return p[key]; });
      var min = Math.min.apply(null, values);
      var max = Math.max.apply(null, values);
      var span = max - min || 1;
      var pts = values.map(function (v, i) {
        var x = 90 + (values.length === 1 ? 0 : 530 * i / (values.length - 1));
        var y = top + h - (v - min) / span * h;
        return x.toFixed(1) + ',' + y.toFixed(1);
      });
      svg.appendChild(el('text', {x: 0, y: top + 20, 'font-size': 12, fill: s[1]}, key));
      svg.appendChild(el('text', {x: 0, y: top + 38, 'font-size': 16, 'font-weight': 'bold', fill: s[1]},
        num(values[values.length - 1])));
      svg.appendChild(el('line', {x1: 90, x2: 620, y1: top + h, y2: top + h, stroke: '#e3e6e8'}));
      svg.appendChild(el('polyline', {points: pts.join(' '), fill: 'none', stroke: s[1], 'stroke-width': 2.5,
        'stroke-linejoin': 'round'}));
    });
  }

  function poll() {
    fetch('/stats.json', {cache: 'no-store'}).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) {
          throw new Error(j && j.text ? j.text : 'HTTP ' + r.status);
        }
        return j;
      });
    }).then(function (stats) {
      var list = rows(stats);
      table(list);
      var t = totals(list, stats);
      history.push({t: Date.now(), exposures: t.exposures, clicks: t.clicks});
      if (history.length > 100) {
        history.shift();
      }
      ctrChart(list);
      timeline();
      experiments(stats);
      var status = document.getElementById('stats-updated');
      status.textContent = 'Updated ' + new Date().toLocaleTimeString();
      status.classList.remove('error');
      document.body.dataset.statsPolls = String((+document.body.dataset.statsPolls || 0) + 1);
    }).catch(function (e) {
      var status = document.getElementById('stats-updated');
      status.textContent = 'Could not load the statistics: ' + e.message;
      status.classList.add('error');
    }).then(function () {
      setTimeout(poll, POLL_MS);
    });
  }

  poll();
})();
