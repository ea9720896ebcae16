// The operator's dashboard: reads /recapi/1.0/stats, /activity and /servicestatus with the page's credentials.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const services = document.querySelector('meta[name="anbefal-services"]').content.split(' ').filter(Boolean);
  const palette = ['#1e88e5', '#e53935', '#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#546e7a', '#c0ca33', '#d81b60'];
  let seriesChart = null;
  let recChart = null;
  let timer = null;

  for (const s of services) {
    const o = document.createElement('option');
    o.value = s;
    o.textContent = s;
    $('service').appendChild(o);
  }

  const local = (ms) => {
    const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 19);
  };
  const seconds = (input) => Math.floor(new Date(input.value).getTime() / 1000);

  function setRange(span) {
    const now = Math.ceil(Date.now() / 1000) * 1000 + 60000;
    $('to').value = local(now);
    $('from').value = local(now - span * 1000);
  }

  async function get(path) {
    const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await r.json();
    if (!r.ok) {
      throw new Error(r.status + ': ' + (body.text || body.message || r.statusText));
    }
    return body;
  }

  function rows(table, items, cells) {
    const tbody = $(table).querySelector('tbody');
    tbody.replaceChildren();
    for (const item of items) {
      const tr = document.createElement('tr');
      for (const [text, numeric, key] of cells(item)) {
        const td = document.createElement('td');
        td.textContent = text;
        if (numeric) td.className = 'n';
        if (key) td.dataset.key = key;
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
  }

  // one row per variant of each experiment; a variant after the first carries its comparison with the control
  function experimentRows(stats) {
    const out = [];
    for (const e of stats.experiments) {
      e.variants.forEach((v, i) => out.push({ e: e, v: v, c: i === 0 ? null : e.comparisons[i - 1] }));
    }
    return out;
  }

  const pct = (x) => (100 * x).toFixed(2) + ' %';

  function verdict(c) {
    if (c === null) return 'control';
    if (c.ci95 === null) return 'no exposures yet';
    if (!c.significant) return 'no difference yet';
    return (c.difference > 0 ? 'better' : 'worse') + ' than ' + c.control + (c.exposuresToGo === 0 ? '' : ' (keep going)');
  }

  function experimentCells({ e, v, c }) {
    const key = (what) => 'exp-' + what + ':' + v.label;
    return [[e.name + (e.running ? '' : ' (stopped)')], [e.placement], [v.variant],
      [String(v.exposures), true, key('exposures')], [String(v.clicks), true, key('clicks')],
      [pct(v.ctr), true, key('ctr')],
      [c === null ? '' : (c.difference >= 0 ? '+' : '') + pct(c.difference), true, key('difference')],
      [c === null || c.ci95 === null ? '' : pct(c.ci95[0]) + ' to ' + pct(c.ci95[1]), true, key('ci95')],
      [verdict(c), false, key('verdict')],
      [c === null || c.neededExposuresPerVariant === null ? '' : String(c.neededExposuresPerVariant), true, key('needed')],
      [c === null || c.exposuresToGo === null ? '' : String(c.exposuresToGo), true, key('togo')]];
  }

  async function load() {
    const service = encodeURIComponent($('service').value);
    const range = 'from=' + seconds($('from')) + '&to=' + seconds($('to'));
    try {
      const [stats, activity, status] = await Promise.all([
        get('/recapi/1.0/stats/' + service + '?' + range),
        get('/recapi/1.0/activity/' + service + '?' + range + '&buckets=48&top=10&tail=20'),
        get('/recapi/1.0/servicestatus/' + service)]);
      $('error').textContent = '';
      show(stats, activity, status);
      document.body.dataset.shown = range;
      document.body.dataset.loaded = String(Date.now());
    } catch (e) {
      $('error').textContent = e.message;
    }
  }

  function show(stats, activity, status) {
    $('status').textContent = status.status + ', running since ' + status.runningSince;
    $('numCustomers').textContent = status.numCustomers;
    $('numEntities').textContent = status.numEntities;
    $('numUpdates').textContent = status.numUpdates;
    $('snapshot').textContent = status.snapshot.lastWritten || 'none yet';

    rows('whatTable', Object.entries(stats.what), ([what, n]) => [[what, false, 'what'], [String(n), true, 'what:' + what]]);
    rows('recTable', stats.recommenders, (r) => [[r.origin], [String(r.exposures), true, 'exposures:' + r.origin],
      [String(r.clicks), true, 'clicks:' + r.origin], [(100 * r.ctr).toFixed(2) + ' %', true, 'ctr:' + r.origin]]);
    rows('expTable', experimentRows(stats), experimentCells);
    $('expMethod').textContent = stats.experiments.length ? 'Method: ' + stats.experimentMethod : 'No experiments'
      + ' (settings experiment.NAME.*, see docs/api.md).';
    rows('topExposed', activity.topExposed, (i) => [[i.id], [String(i.count), true]]);
    rows('topClicked', activity.topClicked, (i) => [[i.id], [String(i.count), true]]);
    rows('recent', activity.recent, (u) => [[u.time.replace('T', ' ').replace('Z', '')], [u.customer],
      [u.entityIDs.join(', ')], [u.what], [u.where || ''], [u.origin || '']]);
    rows('settings', Object.entries(activity.settings), ([k, v]) => [[k], [v]]);
    const origins = $('origins');
    origins.replaceChildren();
    for (const o of activity.origins.length ? activity.origins : ['(none: the browser API is closed to every origin)']) {
      const li = document.createElement('li');
      li.textContent = o;
      origins.appendChild(li);
    }

    const labels = activity.buckets.map((t) => new Date(t).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
    const datasets = Object.entries(activity.series).map(([what, counts], i) => ({
      label: what, data: counts, borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length], tension: 0.2, pointRadius: 0 }));
    if (seriesChart) {
      seriesChart.data.labels = labels;
      seriesChart.data.datasets = datasets;
      seriesChart.update('none');
    } else {
      seriesChart = new Chart($('seriesChart'), { type: 'line', data: { labels, datasets },
        options: { maintainAspectRatio: false, animation: false,
          scales: { x: { ticks: { maxTicksLimit: 12, maxRotation: 0 } }, y: { beginAtZero: true } } } });
    }
    const recLabels = stats.recommenders.map((r) => r.origin);
    const recSets = [
      { label: 'exposures', data: stats.recommenders.map((r) => r.exposures), backgroundColor: '#1e88e5' },
      { label: 'clicks', data: stats.recommenders.map((r) => r.clicks), backgroundColor: '#e53935' },
      { label: 'CTR %', data: stats.recommenders.map((r) => 100 * r.ctr), backgroundColor: '#43a047', yAxisID: 'ctr' }];
    if (recChart) {
      recChart.data.labels = recLabels;
      recChart.data.datasets = recSets;
      recChart.update('none');
    } else {
      recChart = new Chart($('recChart'), { type: 'bar', data: { labels: recLabels, datasets: recSets },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true },
          ctr: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } } });
    }
  }

  function live() {
    clearInterval(timer);
    if ($('live').checked) {
      timer = setInterval(() => {
        if (seconds($('to')) * 1000 <= Date.now()) setRange(seconds($('to')) - seconds($('from')));
        load();
      }, 5000);
    }
  }

  for (const b of document.querySelectorAll('[data-range]')) {
    b.addEventListener('click', () => { setRange(Number(b.dataset.range)); load(); });
  }
  $('refresh').addEventListener('click', load);
  $('service').addEventListener('change', load);
  $('live').addEventListener('change', live);
  const params = new URLSearchParams(location.search);
  if (params.get('service') && services.includes(params.get('service'))) $('service').value = params.get('service');
  setRange(Number(params.get('range')) || 86400);
  if (params.get('live') === '0') $('live').checked = false;
  load();
  live();
})();
