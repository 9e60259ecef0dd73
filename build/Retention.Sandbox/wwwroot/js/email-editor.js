/*
 * The workflow page's step email editors: each form posts its subject and body to its data-preview-url as the merchant
 * types (a short pause first) and shows the answer: the rendered email in a script-less frame, and Core's messages beside
 * the fields. Only the latest answer is shown. data-previewed counts the answers shown (the browser tests wait on it).
 */
(function () {
    'use strict';

    function setup(form) {
        var timer = null, asked = 0, shown = 0;
        var frame = form.querySelector('iframe.email-body');
        var subject = form.querySelector('.preview-subject');
        var note = form.querySelector('.preview-note');

        function show(data) {
            var messages = {};
            (data.errors || []).forEach(function (e) { (messages[e.field] = messages[e.field] || []).push(e.message); });
            form.querySelectorAll('[data-field]').forEach(function (span) {
                var field = span.getAttribute('data-field');
                span.textContent = (messages[field] || []).join(' ');
                var input = form.querySelector(field === 'Subject' ? '[name=subject]' : '[name=body]');
                if (input) input.classList.toggle('invalid', !!messages[field]);
            });
            subject.textContent = data.subject ? 'Subject: ' + data.subject : '';
            note.textContent = data.note || '';
            frame.srcdoc = data.html || '';
            form.setAttribute('data-previewed', String(++shown));
        }

        function refresh() {
            var mine = ++asked;
            fetch(form.getAttribute('data-preview-url'), { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
                .then(function (r) { return r.json(); })
                .then(function (data) { if (mine === asked) show(data); })
                .catch(function () { if (mine === asked) note.textContent = 'The preview could not be rendered.'; });
        }

        form.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(refresh, 300);
        });
        var details = form.closest('details');
        if (!details || details.open) refresh();
        if (details) details.addEventListener('toggle', function () { if (details.open && shown === 0) refresh(); });
    }

    document.querySelectorAll('form.email-editor').forEach(setup);
})();
