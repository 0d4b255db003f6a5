// The review page: plain DOM, no framework. Document text only ever goes into the page
// through textContent (never innerHTML), so a document cannot inject markup or script.
(function () {
  'use strict';
  var token = new URLSearchParams(window.location.search).get('token') || '';
  var PAGE = 50;
  var view = { start: 0, total: 0, kind: '', beads: [], selected: null, state: null };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function status(text, error) {
    var node = $('status');
    node.textContent = text;
    node.classList.toggle('error', !!error);
  }

  function query(params) {
    var search = new URLSearchParams(params || {});
    search.set('token', token);
    return '?' + search.toString();
  }

  function get(path, params) {
    return fetch(path + query(params), { headers: { 'X-Review-Token': token } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + ' ' + response.statusText); }
        return response.json();
      });
  }

  function post(body) {
    status('saving…');
    return fetch('api/action' + query(), {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'X-Review-Token': token }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    }).then(function (data) {
      // What the reviewer should know of the change (a confirmation it cleared, a re-align
      // that found nothing to change) stays in the status line.
      status(data.note ? 'saved: ' + data.note : 'saved');
      if (data.state) { showState(data.state); }
      return data;
    }).catch(function (error) { status(error.message, true); throw error; });
  }

  // --- header -------------------------------------------------------------------------
  function showState(state) {
    view.state = state;
    document.title = 'aligner review: ' + state.title;
    $('title').textContent = 'aligner review: ' + state.title;
    ['beads', 'confirmed', 'flagged', 'low', 'edited'].forEach(function (name) {
      $('n-' + name).textContent = state.counts[name];
    });
    var select = $('kind');
    var current = view.kind;
    while (select.options.length > 1) { select.remove(1); }
    Object.keys(state.kinds).forEach(function (kind) {
      var option = el('option', null, kind + ' (' + state.kinds[kind] + ')');
      option.value = kind;
      select.appendChild(option);
    });
    select.value = current;
    if (select.value !== current) { view.kind = ''; select.value = ''; }
  }

  // --- loading and drawing ------------------------------------------------------------
  // Tests (and people) can tell that the page has caught up: data-busy is on while a
  // request is under way.
  var pending = 0;
  function busy(promise) {
    pending += 1;
    document.body.dataset.busy = 'true';
    var done = function () {
      pending -= 1;
      if (!pending) { delete document.body.dataset.busy; }
    };
    promise.then(done, done);
    return promise;
  }

  function load(params) {
    var wanted = Object.assign({ count: PAGE, kind: view.kind }, params);
    return get('api/beads', wanted).then(function (data) {
      view.start = data.start;
      view.total = data.total;
      view.beads = data.beads;
      showState(data.state);
      draw();
      return data;
    }).catch(function (error) { status(error.message, true); });
  }

  function draw() {
    var rows = $('rows');
    rows.textContent = '';
    view.beads.forEach(function (bead) { rows.appendChild(row(bead)); });
    var last = Math.min(view.total, view.start + view.beads.length);
    $('page-info').textContent = view.total ?
      (view.start + 1) + '–' + last + ' of ' + view.total : 'nothing to show';
    if (view.selected !== null) { markSelected(false); }
  }

  function hue(score) { return Math.round(120 * Math.max(0, Math.min(1, score))); }

  function row(bead) {
    var tr = el('tr', 'bead');
    tr.id = 'bead-' + bead.index;
    tr.dataset.index = bead.index;
    tr.classList.toggle('confirmed', bead.confirmed);
    tr.classList.toggle('low', bead.low);
    tr.classList.toggle('flagged', bead.findings.length > 0);
    var n = el('td', 'n');
    n.appendChild(el('span', 'num', String(bead.index + 1)));
    n.appendChild(document.createTextNode(' ' + bead.type));
    var band = el('span', 'band');
    if (bead.score !== null) {
      band.style.background = 'hsl(' + hue(bead.score) + ', 65%, 42%)';
      band.title = 'confidence ' + bead.score.toFixed(2) +
        (bead.similarity !== null ? ', similarity ' + bead.similarity.toFixed(2) : '');
    } else {
      band.title = 'made by the reviewer' +
        (bead.similarity !== null ? ', similarity ' + bead.similarity.toFixed(2) : '');
    }
    n.appendChild(band);
    n.appendChild(el('span', 'score', bead.score !== null ? bead.score.toFixed(2) : '—'));
    n.appendChild(el('br'));
    if (bead.confirmed) { n.appendChild(el('span', 'tag confirmed', '✓ confirmed')); }
    if (bead.fixed) { n.appendChild(el('span', 'tag fixed', 'fixed')); }
    if (bead.zh.concat(bead.en).some(function (s) { return s.edited; })) {
      n.appendChild(el('span', 'tag edited', 'edited'));
    }
    tr.appendChild(n);
    tr.appendChild(side(bead, 'zh'));
    tr.appendChild(side(bead, 'en'));
    var findings = el('td', 'findings');
    var list = el('ul', 'findings');
    bead.findings.forEach(function (finding) {
      var li = el('li', 'finding');
      li.dataset.check = finding.check;
      li.appendChild(el('span', 'badge c-' + finding.check, finding.check));
      li.appendChild(document.createTextNode(finding.message));
      if (finding.suggestion) {
        li.appendChild(el('div', 'suggestion', 'Suggested: ' + finding.suggestion));
      }
      list.appendChild(li);
    });
    findings.appendChild(list);
    tr.appendChild(findings);
    var actions = el('td', 'actions');
    [['merge', 'merge ↓', 'Merge with the next bead (M)', function () { act('merge', bead.index); }],
     ['confirm', bead.confirmed ? 'unconfirm' : 'confirm', 'Confirm this bead (C)',
      function () { act('confirm', bead.index, { value: !bead.confirmed }); }],
     ['null-zh', '1-0', 'Mark 1-0: the Chinese has no translation (1)',
      function () { act('null', bead.index, { keep: 'zh' }); }],
     ['null-en', '0-1', 'Mark 0-1: the English translates nothing (0)',
      function () { act('null', bead.index, { keep: 'en' }); }],
     ['realign', 're-align rest', 'Re-align the beads after this one (R)',
      function () { act('realign', bead.index); }]
    ].forEach(function (spec) {
      var button = el('button', spec[0], spec[1]);
      button.type = 'button';
      button.title = spec[2];
      button.addEventListener('click', function (event) { event.stopPropagation(); spec[3](); });
      actions.appendChild(button);
    });
    tr.appendChild(actions);
    tr.addEventListener('click', function () { select(bead.index, false); });
    return tr;
  }

  function side(bead, name) {
    var td = el('td', name);
    if (name === 'zh') { td.lang = 'zh'; }
    var sentences = bead[name];
    if (!sentences.length) {
      td.classList.add('empty');
      td.textContent = '(none)';
      return td;
    }
    sentences.forEach(function (sentence, at) {
      if (sentence.before) { td.appendChild(document.createTextNode(sentence.before)); }
      var span = el('span', 'sent');
      span.dataset.id = sentence.id;
      if (sentence.edited) {
        span.classList.add('edited');
        span.title = 'edited; the source reads: ' + sentence.source;
      }
      sentence.pieces.forEach(function (piece) {
        if (piece[1].length) {
          var mark = el('mark', piece[1].map(function (c) { return 'm-' + c; }).join(' '),
                        piece[0]);
          mark.title = piece[1].join(', ');
          span.appendChild(mark);
        } else {
          span.appendChild(document.createTextNode(piece[0]));
        }
      });
      var tools = el('span', 'tools');
      var count = sentences.length;
      function tool(cls, label, title, run) {
        var button = el('button', cls, label);
        button.type = 'button';
        button.title = title;
        button.addEventListener('click', function (event) { event.stopPropagation(); run(); });
        tools.appendChild(button);
      }
      if (at > 0) {
        tool('split', '✂', 'Split the bead before this sentence', function () {
          act('split', bead.index, { side: name, at: at });
        });
      }
      if (at === 0 && bead.index > 0) {
        tool('move-prev', '↑', 'Move this sentence to the previous bead', function () {
          act('move', bead.index, { side: name, direction: -1 });
        });
      }
      if (at === count - 1 && bead.index < view.state.counts.beads - 1) {
        tool('move-next', '↓', 'Move this sentence to the next bead', function () {
          act('move', bead.index, { side: name, direction: 1 });
        });
      }
      tool('edit', '✎', 'Edit this sentence (the source is kept)', function () {
        edit(span, bead, name, sentence);
      });
      span.appendChild(tools);
      td.appendChild(span);
    });
    return td;
  }

  function edit(span, bead, name, sentence) {
    var box = el('span', 'editing');
    var area = el('textarea', 'editor');
    area.value = textOf(sentence);
    var save = el('button', 'save', 'save');
    var cancel = el('button', 'cancel', 'cancel');
    save.type = cancel.type = 'button';
    box.appendChild(area);
    box.appendChild(save);
    box.appendChild(cancel);
    span.replaceWith(box);
    area.focus();
    save.addEventListener('click', function () {
      act('edit', bead.index, { side: name, sentence: sentence.id, text: area.value });
    });
    cancel.addEventListener('click', function () { box.replaceWith(span); });
    area.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') { box.replaceWith(span); }
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { save.click(); }
    });
  }

  function textOf(sentence) {
    return sentence.pieces.map(function (piece) { return piece[0]; }).join('');
  }

  // --- selecting and navigating -------------------------------------------------------
  function onPage(index) {
    return view.beads.some(function (bead) { return bead.index === index; });
  }

  function markSelected(scroll) {
    document.querySelectorAll('tr.bead.selected').forEach(function (tr) {
      tr.classList.remove('selected');
    });
    var tr = $('bead-' + view.selected);
    if (tr) {
      tr.classList.add('selected');
      if (scroll) { tr.scrollIntoView({ block: 'center' }); }
    }
  }

  function select(index, scroll) {
    if (index === null || index === undefined) { return Promise.resolve(); }
    view.selected = index;
    if (onPage(index)) {
      markSelected(scroll !== false);
      return Promise.resolve();
    }
    return load({ bead: index }).then(function () { markSelected(true); });
  }

  function navigate(what, direction) {
    var from = view.selected === null ? (direction > 0 ? -1 : view.state.counts.beads)
      : view.selected;
    return busy(get('api/navigate',
                    { from: from, what: what, direction: direction, kind: view.kind })
      .then(function (data) {
        if (data.bead === null) {
          status('no more ' + (what === 'finding' ? 'findings' : 'low-confidence beads'));
          return;
        }
        status('');
        return select(data.bead, true);
      }));
  }

  function act(op, index, extra) {
    var body = Object.assign({ op: op, bead: index }, extra || {});
    return busy(post(body).then(function (data) {
      view.selected = data.focus;
      return load({ bead: Math.max(0, data.focus) }).then(function () { markSelected(true); });
    }).catch(function () {}));
  }

  function selectedBead() {
    for (var i = 0; i < view.beads.length; i++) {
      if (view.beads[i].index === view.selected) { return view.beads[i]; }
    }
    return null;
  }

  function move(step) {
    var at = view.selected === null ? (step > 0 ? -1 : view.total) : view.selected;
    var next = at + step;
    if (!view.kind) {
      if (next >= 0 && next < view.state.counts.beads) { select(next, true); }
      return;
    }
    var indices = view.beads.map(function (bead) { return bead.index; });
    var position = indices.indexOf(at) + step;
    if (position >= 0 && position < indices.length) { select(indices[position], true); }
  }

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (target && /^(TEXTAREA|INPUT|SELECT)$/.test(target.tagName)) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var bead = selectedBead();
    var handled = true;
    switch (event.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'l': navigate('low', 1); break;
      case 'L': navigate('low', -1); break;
      case 'n': navigate('finding', 1); break;
      case 'N': navigate('finding', -1); break;
      case 'Home': navigate('lowest', 1); break;
      case 'PageDown': $('next-page').click(); break;
      case 'PageUp': $('prev-page').click(); break;
      default: handled = false;
    }
    if (!handled && bead) {
      handled = true;
      switch (event.key) {
        case 'm': act('merge', bead.index); break;
        case 'c': act('confirm', bead.index, { value: !bead.confirmed }); break;
        case 'r': act('realign', bead.index); break;
        case '0': act('null', bead.index, { keep: 'en' }); break;
        case '1': act('null', bead.index, { keep: 'zh' }); break;
        case 's':
          if (bead.zh.length > 1) { act('split', bead.index, { side: 'zh', at: 1 }); }
          else if (bead.en.length > 1) { act('split', bead.index, { side: 'en', at: 1 }); }
          break;
        case 'e':
          var first = document.querySelector('#bead-' + bead.index + ' td.en .sent button.edit') ||
            document.querySelector('#bead-' + bead.index + ' .sent button.edit');
          if (first) { first.click(); }
          break;
        default: handled = false;
      }
    }
    if (handled) { event.preventDefault(); }
  });

  // --- wiring -------------------------------------------------------------------------
  $('lowest').addEventListener('click', function () { navigate('lowest', 1); });
  $('next-low').addEventListener('click', function () { navigate('low', 1); });
  $('prev-low').addEventListener('click', function () { navigate('low', -1); });
  $('next-finding').addEventListener('click', function () { navigate('finding', 1); });
  $('prev-finding').addEventListener('click', function () { navigate('finding', -1); });
  $('next-page').addEventListener('click', function () {
    if (view.start + PAGE < view.total) { busy(load({ start: view.start + PAGE })); }
  });
  $('prev-page').addEventListener('click', function () {
    if (view.start > 0) { busy(load({ start: Math.max(0, view.start - PAGE) })); }
  });
  $('kind').addEventListener('change', function () {
    view.kind = $('kind').value;
    busy(load({ start: 0 }));
  });
  document.querySelectorAll('#exports a').forEach(function (link) {
    link.href = 'api/export/' + link.dataset.fmt + query();
    link.setAttribute('download', '');
  });

  busy(load({ start: 0 })).then(function () { document.body.dataset.ready = 'true'; });
}());
