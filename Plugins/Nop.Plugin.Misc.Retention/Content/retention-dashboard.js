/*
 * Retention dashboard widget and report page. One script for the nopCommerce admin and the sandbox: the host renders
 * an empty <div class="retention-dashboard" data-…> holding the stored snapshot as JSON (see Retention.Core/Dashboard/README.md)
 * and this script draws it. Charts use the Chart.js that nopCommerce's admin already ships (lib_npm/chart.js): it is
 * loaded from data-chartjs-url only when the page has not loaded it yet, so the widget adds no library of its own.
 * Everything taken from data goes into the page as text (textContent), never as HTML. Every word shown comes from the
 * host's text table, data-texts (JSON, key → text with {placeholders}; keys in Retention.Core/Dashboard/DashboardTexts.cs):
 * the plugin fills it from nopCommerce's locale resources, the sandbox from Core's English table. A missing key shows
 * as the key itself, so a gap is visible rather than silently English.
 */
(function () {
    'use strict';

    var BLUE = 'rgba(60, 141, 188, 1)';
    var BLUE_FILL = 'rgba(60, 141, 188, 0.15)';

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = String(text);
        return node;
    }

    // The reader's culture (data-culture: the admin's working language in the plugin, the switch in the sandbox);
    // the browser's own when a host gives none.
    var locale;

    function fmtNumber(v, digits) {
        return Number(v).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }

    /** A cohort's month (YYYY-MM) as the reader names months: "Mar 2026", "март 2026 г."; as given when it is not one. */
    function fmtMonth(cohort) {
        var m = /^(\d{4})-(\d{2})$/.exec(cohort || '');
        if (!m) return cohort;
        try {
            return new Date(Date.UTC(+m[1], +m[2] - 1, 1)).toLocaleDateString(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
        } catch (e) {
            return cohort;
        }
    }

    function fmt(value, unit) {
        if (value === null || value === undefined) return '—';
        switch (unit) {
            case 'rate': return fmtNumber(value * 100, 1) + ' %';
            case 'money': return fmtNumber(value, 2);
            case 'days': return fmtNumber(value, 1) + ' d';
            case 'score': return fmtNumber(value, 0);
            default: return fmtNumber(value, 0);
        }
    }

    function fmtChange(change, unit) {
        if (change === null || change === undefined) return '';
        var sign = change > 0 ? '+' : change < 0 ? '−' : '±';
        var abs = Math.abs(change);
        switch (unit) {
            case 'rate': return sign + fmtNumber(abs * 100, abs > 0 && abs < 0.001 ? 2 : 1) + ' pp';
            case 'money': return sign + fmtNumber(abs, 2);
            case 'days': return sign + fmtNumber(abs, 1) + ' d';
            default: return sign + fmtNumber(abs, 0);
        }
    }

    function format(template, values) {
        return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
            return values && values[name] !== undefined ? String(values[name]) : whole;
        });
    }

    function loadChartJs(url) {
        if (window.Chart) return Promise.resolve(window.Chart);
        if (!url) return Promise.resolve(null);
        return new Promise(function (resolve) {
            var script = document.createElement('script');
            script.src = url;
            script.onload = function () { resolve(window.Chart || null); };
            script.onerror = function () { resolve(null); };
            document.head.appendChild(script);
        });
    }

    function Dashboard(root) {
        this.root = root;
        locale = root.getAttribute('data-culture') || undefined;
        this.mode = root.getAttribute('data-mode') || 'widget';
        root.classList.add('rd-' + this.mode);
        this.charts = [];
        var data = root.querySelector('script.retention-dashboard-data');
        // Without embedded figures the snapshot is fetched from data-snapshot-url (the sandbox's static page does this).
        this.fetchFirst = !data && !!root.getAttribute('data-snapshot-url');
        this.snapshot = data ? JSON.parse(data.textContent || 'null') : null;
        this.stores = JSON.parse(root.getAttribute('data-stores') || '[]');
        this.texts = JSON.parse(root.getAttribute('data-texts') || '{}');
        this.storeId = root.getAttribute('data-store') || (this.snapshot ? String(this.snapshot.storeId) : '');
        this.period = this.snapshot ? this.snapshot.defaultPeriodDays : null;
        this.body = el('div', 'rd-body');
        root.appendChild(this.body);
    }

    /** The host's text for key, placeholders filled from values. */
    Dashboard.prototype.t = function (key, values) {
        var text = this.texts[key];
        return text === undefined ? key : format(text, values);
    };

    /** A text the snapshot carries in English (a KPI label or note, a segment name), in the host's words when it has them. */
    Dashboard.prototype.tOr = function (key, english) {
        return this.texts[key] === undefined ? english : this.texts[key];
    };

    Dashboard.prototype.url = function (attribute, values) {
        var template = this.root.getAttribute(attribute);
        if (!template) return null;
        return template.replace(/\{(\w+)\}/g, function (_, key) { return encodeURIComponent(values[key] === undefined ? '' : values[key]); });
    };

    Dashboard.prototype.destroyCharts = function () {
        this.charts.forEach(function (c) { c.destroy(); });
        this.charts = [];
    };

    Dashboard.prototype.chart = function (canvas, config) {
        if (!this.Chart) return;
        config.options = config.options || {};
        config.options.animation = false;
        config.options.responsive = true;
        config.options.maintainAspectRatio = false;
        this.charts.push(new this.Chart(canvas.getContext('2d'), config));
    };

    Dashboard.prototype.render = function () {
        this.destroyCharts();
        this.body.textContent = '';
        this.body.appendChild(this.toolbar());
        var s = this.snapshot;
        if (!s) {
            this.body.appendChild(el('p', 'rd-empty', this.t('empty')));
            return;
        }
        var period = s.periods.filter(function (p) { return p.periodDays === this.period; }, this)[0] || s.periods[0];
        var customers = period.kpis.filter(function (k) { return k.key === 'customers'; })[0];
        if (customers && customers.value === 0) {
            this.body.appendChild(el('p', 'rd-empty', this.t('noOrdersBefore', { date: s.asOf })));
            return;
        }
        this.body.appendChild(this.tiles(period));
        var row = el('div', 'rd-row');
        row.appendChild(this.cohorts(s));
        row.appendChild(this.segments(s));
        this.body.appendChild(row);
        var mechanics = this.mechanics(s);
        if (mechanics) this.body.appendChild(mechanics);
        this.body.appendChild(this.atRisk(s));
        if (this.mode === 'report') {
            this.body.appendChild(this.prediction(s));
            this.body.appendChild(this.exports());
        }
    };

    Dashboard.prototype.toolbar = function () {
        var self = this, bar = el('div', 'rd-toolbar');
        var s = this.snapshot;
        if (s) {
            var label = el('label', 'rd-select', this.t('period') + ' ');
            var select = el('select');
            select.setAttribute('data-role', 'period');
            s.periods.forEach(function (p) {
                var option = el('option', null, self.t('lastDays', { days: p.periodDays }));
                option.value = String(p.periodDays);
                if (p.periodDays === self.period) option.selected = true;
                select.appendChild(option);
            });
            select.addEventListener('change', function () { self.period = Number(select.value); self.render(); });
            label.appendChild(select);
            bar.appendChild(label);
        }
        if (this.stores.length > 1) {
            var storeLabel = el('label', 'rd-select', this.t('store') + ' ');
            var stores = el('select');
            stores.setAttribute('data-role', 'store');
            this.stores.forEach(function (store) {
                var option = el('option', null, store.name);
                option.value = String(store.id);
                if (String(store.id) === self.storeId) option.selected = true;
                stores.appendChild(option);
            });
            stores.addEventListener('change', function () { self.loadStore(stores.value); });
            storeLabel.appendChild(stores);
            bar.appendChild(storeLabel);
        }
        if (s) bar.appendChild(el('span', 'rd-muted rd-asof', this.t('asOf', { date: s.asOf, computed: s.computedOnUtc.replace('T', ' ').substring(0, 16) })));
        var report = this.mode === 'widget' ? this.url('data-report-url', { store: this.storeId }) : null;
        if (report) {
            var link = el('a', 'rd-report-link', this.t('fullReport'));
            link.href = report;
            bar.appendChild(link);
        }
        // The host says which day the store is on when it hands out the snapshot: older figures are never shown as current.
        if (s && s.storeToday && s.storeToday > s.asOf) {
            var stale = el('p', 'rd-warning rd-stale', this.t('stale', { date: s.asOf, today: s.storeToday }));
            var holder = el('div', 'rd-stale-row');
            holder.appendChild(stale);
            bar.appendChild(holder);
        }
        return bar;
    };

    Dashboard.prototype.loadStore = function (storeId) {
        var self = this, url = this.url('data-snapshot-url', { store: storeId });
        if (!url) return Promise.resolve();
        this.loading();
        return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.status === 204 ? null : r.json(); })
            .then(function (snapshot) {
                self.storeId = String(storeId);
                self.snapshot = snapshot;
                self.period = snapshot ? snapshot.defaultPeriodDays : null;
                self.render();
            })
            .catch(function (e) { self.body.appendChild(el('p', 'rd-error', self.t('loadFailed', { error: e.message }))); });
    };

    /** While the snapshot is fetched (the first one may still be being built): a visible state, never a blank card. */
    Dashboard.prototype.loading = function () {
        this.destroyCharts();
        this.body.textContent = '';
        var box = el('div', 'rd-loading');
        box.setAttribute('role', 'status');
        box.appendChild(el('span', 'rd-spinner'));
        box.appendChild(el('span', null, this.t('loading')));
        this.body.appendChild(box);
    };

    Dashboard.prototype.tiles = function (period) {
        var self = this, grid = el('div', 'rd-tiles');
        period.kpis.forEach(function (k) {
            var tile = el('div', 'rd-tile');
            tile.setAttribute('data-kpi', k.key);
            var label = format(self.tOr('kpi.' + k.key, k.label), { window: self.snapshot.activeWindowDays });
            tile.appendChild(el('div', 'rd-tile-label', label));
            tile.appendChild(el('div', 'rd-tile-value', fmt(k.value, k.unit)));
            if (k.value === null) {
                tile.classList.add('rd-nodata');
                tile.appendChild(el('div', 'rd-tile-note', k.noteKey ? self.tOr('note.' + k.noteKey, k.note) : k.note || self.t('noData')));
            } else if (k.change !== null) {
                var good = k.change === 0 ? null : (k.change > 0) === k.higherIsBetter;
                var change = el('div', 'rd-change ' + (good === null ? 'rd-flat' : good ? 'rd-good' : 'rd-bad'));
                change.appendChild(el('span', 'rd-arrow', k.change > 0 ? '▲' : k.change < 0 ? '▼' : '■'));
                change.appendChild(document.createTextNode(' ' + fmtChange(k.change, k.unit) + ' ' + self.t('vsPrevious', { days: period.periodDays })));
                tile.appendChild(change);
            } else {
                tile.appendChild(el('div', 'rd-tile-note', self.t('noPrevious')));
            }
            if (k.trend.some(function (v) { return v !== null; })) {
                var box = el('div', 'rd-spark');
                var canvas = el('canvas');
                canvas.setAttribute('aria-label', self.t('trend', { label: label }));
                box.appendChild(canvas);
                tile.appendChild(box);
                self.chart(canvas, {
                    type: 'line',
                    data: { labels: period.trendAsOf, datasets: [{ data: k.trend, borderColor: BLUE, backgroundColor: BLUE_FILL, fill: 'origin', borderWidth: 1.5, pointRadius: 0, tension: 0.3, spanGaps: true }] },
                    options: { plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: { display: false } } },
                });
            }
            grid.appendChild(tile);
        });
        return grid;
    };

    // Issue 18: one card per loyalty mechanic switched on in the store (the snapshot leaves a mechanic that is off null).
    // Each row is [text key, value, unit, help text key]; the keys are written out so the text table's test finds them.
    Dashboard.prototype.mechanics = function (s) {
        var m = s.mechanics;
        if (!m || !(m.membership || m.cashback || m.stamps || m.challenges)) return null;
        var self = this, box = el('div', 'rd-card rd-mechanics');
        box.appendChild(el('h4', null, this.t('mech.title')));
        var grid = el('div', 'rd-mech-grid');
        function card(key, title, subtitle, rows) {
            var c = el('div', 'rd-mech');
            c.setAttribute('data-mechanic', key);
            c.appendChild(el('h5', null, title));
            if (subtitle) c.appendChild(el('p', 'rd-muted', subtitle));
            var table = el('table', 'rd-mech-figures');
            rows.forEach(function (r) {
                var tr = el('tr');
                tr.setAttribute('data-figure', r[0]);
                var th = el('th', null, self.tOr(r[0], r[0]));
                if (r[3]) th.title = self.tOr(r[3], '');
                tr.appendChild(th);
                tr.appendChild(el('td', 'rd-num', fmt(r[1], r[2])));
                table.appendChild(tr);
            });
            c.appendChild(table);
            grid.appendChild(c);
            return c;
        }
        var b = m.membership;
        if (b) {
            card('membership', this.t('mech.membership'), this.t('mech.window', { days: b.periodDays }), [
                ['mech.members', b.members, 'count'], ['mech.joined', b.joined, 'count'], ['mech.churned', b.churned, 'count'],
                ['mech.renewalRate', b.renewalRate, 'rate', 'mech.renewalRateHelp'],
                ['mech.revenuePerMember', b.revenuePerMember, 'money', 'mech.revenuePerHelp'],
                ['mech.revenuePerNonMember', b.revenuePerNonMember, 'money', 'mech.revenuePerHelp'],
                ['mech.savings', b.savings, 'money'], ['mech.membershipFees', b.membershipRevenue, 'money']]);
        }
        var c = m.cashback;
        if (c) {
            card('cashback', this.t('mech.cashback'), this.t('mech.lastPeriod', { period: c.lastPeriod }), [
                ['mech.customersPaid', c.customersPaid, 'count'], ['mech.amountPaid', c.amountPaid, 'money'], ['mech.takenBack', c.takenBack, 'money'],
                ['mech.pointsOutstanding', c.pointsOutstanding, 'count'], ['mech.giftCardRemaining', c.giftCardRemaining, 'money']]);
        }
        var p = m.stamps;
        if (p) {
            card('stamps', this.t('mech.stamps'), this.t('mech.window', { days: p.periodDays }), [
                ['mech.inProgress', p.cardsInProgress, 'count'], ['mech.completed', p.completedInPeriod, 'count'], ['mech.issued', p.couponsIssued, 'count'],
                ['mech.redeemed', p.couponsRedeemed, 'count'], ['mech.outstanding', p.couponsOutstanding, 'count']]);
        }
        var g = m.challenges;
        if (g) {
            card('challenges', this.t('mech.challenges'), this.t('mech.window', { days: g.periodDays }), [
                ['mech.active', g.active, 'count'], ['mech.completions', g.completions, 'count'], ['mech.badges', g.badgesInPeriod, 'count']]);
            if (g.challenges.length) {
                var list = el('table', 'rd-mech-list'), head = el('tr');
                head.appendChild(el('th', null, this.t('mech.challenge')));
                head.appendChild(el('th', 'rd-num', this.t('mech.participants')));
                head.appendChild(el('th', 'rd-num', this.t('mech.completions')));
                list.appendChild(head);
                g.challenges.forEach(function (x) {
                    var tr = el('tr');
                    tr.appendChild(el('td', null, x.name + ' (' + (x.running ? self.t('mech.running') : self.t('mech.ended')) + ')'));
                    tr.appendChild(el('td', 'rd-num', fmtNumber(x.participants, 0)));
                    tr.appendChild(el('td', 'rd-num', fmtNumber(x.completions, 0)));
                    list.appendChild(tr);
                });
                // Below the cards, the grid's full width: three columns do not fit a card's.
                var wide = el('div', 'rd-mech rd-mech-wide');
                wide.setAttribute('data-mechanic-list', 'challenges');
                wide.appendChild(list);
                grid.appendChild(wide);
            }
        }
        box.appendChild(grid);
        return box;
    };

    Dashboard.prototype.cohorts = function (s) {
        var card = el('div', 'rd-card rd-cohorts');
        card.appendChild(el('h4', null, this.t('cohorts.title')));
        card.appendChild(el('p', 'rd-muted', this.mode === 'widget' ? this.t('cohorts.helpWidget') : this.t('cohorts.helpReport')));
        var rows = this.mode === 'report' ? s.cohorts : s.cohorts.slice(-12);
        var months = this.mode === 'report' ? Math.max.apply(null, [0].concat(rows.map(function (c) { return c.retention.length; }))) : 8;
        if (rows.length === 0) { card.appendChild(el('p', 'rd-muted', this.t('cohorts.none'))); return card; }
        var table = el('table', 'rd-heatmap'), head = el('tr');
        head.appendChild(el('th', null, this.t('cohorts.cohort')));
        head.appendChild(el('th', 'rd-num', this.t('customers')));
        for (var k = 0; k < months; k++) head.appendChild(el('th', 'rd-num', this.t('cohorts.month', { k: k })));
        var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
        var tbody = el('tbody'), self = this, anyPartial = false;
        rows.forEach(function (c) {
            var tr = el('tr');
            tr.appendChild(el('th', null, fmtMonth(c.cohort)));
            tr.appendChild(el('td', 'rd-num', fmtNumber(c.size, 0)));
            for (var m = 0; m < months; m++) {
                var v = c.retention[m];
                var partial = v !== undefined && c.partialMonth === m;
                var td = el('td', 'rd-num rd-cell' + (partial ? ' rd-partial' : ''), v === undefined ? '' : Math.round(v * 100) + '%' + (partial ? '*' : ''));
                if (partial) {
                    // A month not over yet: so far, not final; hatched and without the retention colour.
                    anyPartial = true;
                    td.title = self.t('cohorts.partial', { date: s.asOf });
                } else if (v !== undefined) {
                    td.style.backgroundColor = 'rgba(60, 141, 188, ' + (0.08 + 0.85 * v).toFixed(3) + ')';
                    if (v > 0.55) td.style.color = '#fff';
                }
                tr.appendChild(td);
            }
            tbody.appendChild(tr);
        });
        table.appendChild(tbody);
        var scroll = el('div', 'rd-scroll'); scroll.appendChild(table);
        card.appendChild(scroll);
        if (anyPartial) {
            var legend = el('p', 'rd-muted rd-legend');
            legend.appendChild(el('span', 'rd-swatch rd-partial'));
            legend.appendChild(document.createTextNode(' ' + this.t('cohorts.partialLegend', { date: s.asOf })));
            card.appendChild(legend);
        }
        return card;
    };

    Dashboard.prototype.segments = function (s) {
        var card = el('div', 'rd-card rd-segments');
        var self = this;
        function name(g) { return self.tOr('segment.' + g.key, g.name); }
        card.appendChild(el('h4', null, this.t('segments.title')));
        var box = el('div', 'rd-bars'), canvas = el('canvas');
        canvas.setAttribute('aria-label', this.t('segments.chart'));
        box.appendChild(canvas);
        card.appendChild(box);
        this.chart(canvas, {
            type: 'bar',
            data: { labels: s.segments.map(name), datasets: [{ label: this.t('customers'), data: s.segments.map(function (g) { return g.customers; }), backgroundColor: BLUE }] },
            options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
        });
        if (this.mode === 'report' || !this.Chart) {
            var table = el('table', 'rd-table');
            var head = el('tr');
            [this.t('segments.segment'), this.t('customers'), this.t('segments.share'), this.t('revenue'), ''].forEach(function (h, i) { head.appendChild(el('th', i ? 'rd-num' : null, h)); });
            table.appendChild(head);
            s.segments.forEach(function (g) {
                var tr = el('tr');
                tr.appendChild(el('td', null, name(g)));
                tr.appendChild(el('td', 'rd-num', fmtNumber(g.customers, 0)));
                tr.appendChild(el('td', 'rd-num', fmt(g.share, 'rate')));
                tr.appendChild(el('td', 'rd-num', fmt(g.revenue, 'money')));
                // The segment's customers for targeting elsewhere; none to export from an empty segment.
                var cell = el('td', 'rd-num');
                var href = g.customers > 0 ? self.url('data-segment-csv-url', { segment: g.key, store: self.storeId }) : null;
                if (href) {
                    var a = el('a', 'rd-segment-csv', self.t('segments.csv'));
                    a.href = href;
                    a.setAttribute('download', 'retention-segment-' + g.key + '.csv');
                    cell.appendChild(a);
                }
                tr.appendChild(cell);
                table.appendChild(tr);
            });
            var box2 = el('div', 'rd-scroll'); box2.appendChild(table);
            card.appendChild(box2);
        }
        return card;
    };

    Dashboard.prototype.atRisk = function (s) {
        var self = this, card = el('div', 'rd-card rd-atrisk');
        card.appendChild(el('h4', null, this.t('atRisk.title')));
        // The rule in the reader's words when the host has them; a snapshot from before keys carries only English.
        var help = s.atRisk.helpKey && this.texts[s.atRisk.helpKey] !== undefined ? this.t(s.atRisk.helpKey, s.atRisk.helpValues) : s.atRisk.explanation;
        card.appendChild(el('p', 'rd-muted', help));
        var list = this.mode === 'report' ? s.atRisk.customers : s.atRisk.customers.slice(0, 10);
        if (list.length === 0) { card.appendChild(el('p', null, this.t('atRisk.none'))); return card; }
        // The list names segments in English; the snapshot's segment table gives their keys.
        var segmentKeys = {};
        s.segments.forEach(function (g) { segmentKeys[g.name] = g.key; });
        var predicted = s.atRisk.basis === 'prediction';
        var table = el('table', 'rd-table'), head = el('tr');
        var headers = [this.t('atRisk.customer'), this.t('segments.segment'), this.t('orders'), this.t('revenue'), this.t('atRisk.daysSince')];
        if (predicted) headers = headers.concat([this.t('atRisk.alive'), this.t('atRisk.value')]);
        // Actions only where the host offers them: a win-back start and (nopCommerce) a customer role, each a plain form post.
        var acts = !!(this.root.getAttribute('data-winback-url') || this.root.getAttribute('data-role-url'));
        if (acts) headers = headers.concat([this.t('atRisk.actions')]);
        headers.forEach(function (h, i) { head.appendChild(el('th', i > 1 && h !== self.t('atRisk.actions') ? 'rd-num' : null, h)); });
        table.appendChild(head);
        list.forEach(function (c) {
            var tr = el('tr'), who = el('td');
            var href = self.url('data-customer-url', { id: c.customerId });
            var name = c.name || c.email || self.t('atRisk.customerNumber', { id: c.customerId });
            if (href) { var a = el('a', null, name); a.href = href; who.appendChild(a); } else who.textContent = name;
            if (c.email && c.name) who.appendChild(el('div', 'rd-muted', c.email));
            tr.appendChild(who);
            tr.appendChild(el('td', null, segmentKeys[c.segment] ? self.tOr('segment.' + segmentKeys[c.segment], c.segment) : c.segment));
            tr.appendChild(el('td', 'rd-num', fmtNumber(c.orders, 0)));
            tr.appendChild(el('td', 'rd-num', fmt(c.revenue, 'money')));
            tr.appendChild(el('td', 'rd-num', fmtNumber(c.daysSinceLastOrder, 0)));
            if (predicted) {
                tr.appendChild(el('td', 'rd-num', fmt(c.probabilityAlive, 'rate')));
                tr.appendChild(el('td', 'rd-num', fmt(c.valueIfRetained, 'money')));
            }
            if (acts) tr.appendChild(self.actions(c));
            table.appendChild(tr);
        });
        var scroll = el('div', 'rd-scroll'); scroll.appendChild(table);
        card.appendChild(scroll);
        return card;
    };

    /** A hidden input carrying the host's antiforgery token (data-antiforgery: {"name":…, "value":…}), so the forms post like the host's own. */
    Dashboard.prototype.antiforgery = function (form) {
        var token = JSON.parse(this.root.getAttribute('data-antiforgery') || 'null');
        if (!token) return;
        var input = el('input'); input.type = 'hidden'; input.name = token.name; input.value = token.value;
        form.appendChild(input);
    };

    /** The at-risk row's actions: start win-back now (Core decides: consent, caps, re-entry) and, where roles are given, add to a customer role. */
    Dashboard.prototype.actions = function (c) {
        var cell = el('td', 'rd-actions');
        var winBack = this.url('data-winback-url', { id: c.customerId, store: this.storeId });
        if (winBack) {
            var form = el('form', 'rd-action rd-winback'); form.method = 'post'; form.action = winBack;
            this.antiforgery(form);
            var button = el('button', 'btn btn-default btn-xs', this.t('atRisk.startWinBack')); button.type = 'submit';
            form.appendChild(button);
            cell.appendChild(form);
        }
        var roles = JSON.parse(this.root.getAttribute('data-roles') || '[]');
        var roleUrl = this.url('data-role-url', { id: c.customerId, store: this.storeId });
        if (roleUrl && roles.length > 0) {
            var roleForm = el('form', 'rd-action rd-role'); roleForm.method = 'post'; roleForm.action = roleUrl;
            this.antiforgery(roleForm);
            var select = el('select'); select.name = 'roleId'; select.setAttribute('aria-label', this.t('atRisk.chooseRole'));
            roles.forEach(function (r) { var o = el('option', null, r.name); o.value = String(r.id); select.appendChild(o); });
            roleForm.appendChild(select);
            var add = el('button', 'btn btn-default btn-xs', this.t('atRisk.addToRole')); add.type = 'submit';
            roleForm.appendChild(add);
            cell.appendChild(roleForm);
        }
        return cell;
    };

    Dashboard.prototype.prediction = function (s) {
        var self = this, p = s.prediction, card = el('div', 'rd-card rd-prediction');
        card.appendChild(el('h4', null, this.t('prediction.title')));
        if (p.outlook) {
            // The predictions in words first; the parameters behind them under the "advanced" fold.
            var o = p.outlook;
            var words = this.t('prediction.outlook', { customers: fmtNumber(o.customers, 0), buyers: fmtNumber(o.expectedBuyers, 0), days: o.horizonDays,
                purchases: fmtNumber(o.expectedPurchases, 0) });
            if (o.expectedRevenue !== null && o.expectedRevenue !== undefined) words += ' ' + this.t('prediction.outlookRevenue', { revenue: fmt(o.expectedRevenue, 'money') });
            card.appendChild(el('p', 'rd-outlook', words));
        }
        card.appendChild(el('p', p.canPredict ? 'rd-muted' : 'rd-warning', p.explanation ||
            this.t('prediction.fitted', { customers: fmtNumber(p.customers, 0), repeat: fmtNumber(p.repeatCustomers, 0) })));
        // An incremental refresh carries the last full build's models (docs/decisions.md §19): say from which day.
        if (p.modelFittedOn && p.modelFittedOn !== s.asOf)
            card.appendChild(el('p', 'rd-muted rd-fitted-on', this.t('prediction.carried', { date: p.modelFittedOn })));
        var table = el('table', 'rd-table rd-params');
        function row(name, value) { var tr = el('tr'); tr.appendChild(el('th', null, name)); tr.appendChild(el('td', 'rd-num', value)); table.appendChild(tr); }
        // An estimate with its standard error when the fit gives one (lifetimes' "coef ± se").
        function est(model, name) {
            var e = (model.estimates || []).filter(function (x) { return x.name === name; })[0];
            var value = fmtNumber(model[name], 3);
            return e && e.standardError !== null && e.standardError !== undefined ? value + ' ± ' + fmtNumber(e.standardError, 3) : value;
        }
        // How the fit's search ended, beside its estimates: a fit stopped at its limit or on the edge is not a maximum.
        var t = this.t.bind(this);
        function fit(label, model) {
            var f = model.fit;
            if (!f) return;
            var gradient = { gradient: Number(f.gradientNorm).toExponential(1) };
            var text = !f.converged ? t('prediction.notConverged', gradient) : f.atBoundary ? t('prediction.atBoundary', gradient) : t('prediction.converged', gradient);
            var tr = el('tr'); tr.appendChild(el('th', null, label));
            tr.appendChild(el('td', f.converged && !f.atBoundary ? 'rd-muted' : 'rd-warning', text));
            table.appendChild(tr);
        }
        row(this.t('prediction.customers'), fmtNumber(p.customers, 0) + ' / ' + fmtNumber(p.repeatCustomers, 0));
        if (p.modelFittedOn) row(this.t('prediction.modelFittedOn'), p.modelFittedOn);
        if (p.bgNbd) {
            row(this.t('prediction.bgnbdScale'), est(p.bgNbd, 'r') + ', ' + est(p.bgNbd, 'alpha'));
            row(this.t('prediction.bgnbdDropout'), est(p.bgNbd, 'a') + ', ' + est(p.bgNbd, 'b'));
            row(this.t('prediction.logLikelihood'), fmtNumber(p.bgNbd.logLikelihood, 1));
            fit(this.t('prediction.bgnbdFit'), p.bgNbd);
        }
        if (p.gammaGamma) {
            row(this.t('prediction.gammaGamma'), est(p.gammaGamma, 'p') + ', ' + est(p.gammaGamma, 'q') + ', ' + est(p.gammaGamma, 'v'));
            fit(this.t('prediction.gammaGammaFit'), p.gammaGamma);
        }
        row(this.t('prediction.clv'), this.t('prediction.clvValue', { months: p.clvMonths, rate: fmt(p.monthlyDiscountRate, 'rate') }));
        var advanced = el('details', 'rd-advanced');
        advanced.appendChild(el('summary', null, this.t('prediction.advanced')));
        var paramsBox = el('div', 'rd-scroll'); paramsBox.appendChild(table);
        advanced.appendChild(paramsBox);
        card.appendChild(advanced);
        var h = p.holdout;
        if (h) {
            card.appendChild(el('h5', null, this.t('holdout.title')));
            if (h.note) {
                card.appendChild(el('p', 'rd-warning', h.note));
            } else {
                card.appendChild(el('p', 'rd-muted', this.t('holdout.summary', {
                    date: h.calibrationEnd, days: h.holdoutDays, predicted: fmtNumber(h.predictedPurchases, 1), actual: fmtNumber(h.actualPurchases, 0),
                    error: fmtChange(h.aggregateRelativeError, 'rate').replace(' pp', ' %'), mae: fmtNumber(h.meanAbsoluteError, 2), rmse: fmtNumber(h.rootMeanSquaredError, 2),
                })));
                var box = el('div', 'rd-bars'), canvas = el('canvas');
                canvas.setAttribute('aria-label', this.t('holdout.chart'));
                box.appendChild(canvas);
                card.appendChild(box);
                var labels = h.byFrequency.map(function (g) { return g.frequency + (g.orMore ? '+' : ''); });
                this.chart(canvas, {
                    type: 'bar',
                    data: { labels: labels, datasets: [
                        { label: this.t('holdout.actual'), data: h.byFrequency.map(function (g) { return g.actualMean; }), backgroundColor: 'rgba(120, 120, 120, 0.7)' },
                        { label: this.t('holdout.predicted'), data: h.byFrequency.map(function (g) { return g.predictedMean; }), backgroundColor: BLUE }] },
                    options: { plugins: { legend: { display: true, position: 'bottom' } }, scales: { x: { title: { display: true, text: this.t('holdout.axis') } }, y: { beginAtZero: true } } },
                });
            }
        }
        return card;
    };

    Dashboard.prototype.exports = function () {
        var self = this, card = el('div', 'rd-card rd-exports');
        card.appendChild(el('h4', null, this.t('exports.title')));
        var list = el('p');
        [['kpis', 'exports.kpis'], ['cohorts', 'exports.cohorts'], ['segments', 'exports.segments'], ['at-risk', 'exports.at-risk'], ['holdout', 'exports.holdout']].forEach(function (e) {
            var name = e[0], href = self.url('data-csv-url', { name: name, store: self.storeId });
            if (!href) return;
            var a = el('a', 'rd-csv', self.t(e[1]));
            a.href = href;
            a.setAttribute('download', 'retention-' + name + '.csv');
            list.appendChild(a);
        });
        card.appendChild(list);
        return card;
    };

    function start() {
        var roots = document.querySelectorAll('.retention-dashboard:not([data-started])');
        Array.prototype.forEach.call(roots, function (root) {
            root.setAttribute('data-started', 'true');
            var dashboard = new Dashboard(root);
            if (dashboard.fetchFirst) dashboard.loading();
            loadChartJs(root.getAttribute('data-chartjs-url')).then(function (Chart) {
                dashboard.Chart = Chart;
                if (!Chart) root.insertBefore(el('p', 'rd-warning', dashboard.t('chartsUnavailable')), root.firstChild);
                if (dashboard.fetchFirst) {
                    dashboard.loadStore(dashboard.storeId).then(function () { root.setAttribute('data-rendered', 'true'); });
                } else {
                    dashboard.render();
                    root.setAttribute('data-rendered', 'true');
                }
            });
        });
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
