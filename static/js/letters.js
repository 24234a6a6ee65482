// The letter form: more lines for amounts, steps and breaches, and the transliteration field for a
// right-to-left name. Without this file the form still works: each submission returns a blank line more.
(function () {
  'use strict';

  var RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u202B\u202E\u2067]|[\uD802-\uD803\uD83A][\uDC00-\uDFFF]/;

  function renumber(container) {
    var cellPattern = container.getAttribute('data-cell-label');
    var legendPattern = container.getAttribute('data-legend');
    var rows = container.querySelectorAll(':scope > [data-row]');
    rows.forEach(function (row, index) {
      var n = String(index + 1);
      var number = row.querySelector('[data-row-number]');
      if (number) number.textContent = n;
      var legend = row.querySelector('[data-row-legend]');
      if (legend && legendPattern) legend.textContent = legendPattern.replace('{n}', n);
      if (cellPattern) {
        row.querySelectorAll('[data-label]').forEach(function (input) {
          input.setAttribute('aria-label', cellPattern.replace('{label}', input.getAttribute('data-label')).replace('{n}', n));
        });
      }
    });
  }

  function addRow(button) {
    var container = button.closest('fieldset').querySelector('[data-rows]');
    var rows = container.querySelectorAll(':scope > [data-row]');
    var last = rows[rows.length - 1];
    if (!last) return;
    var copy = last.cloneNode(true);
    copy.querySelectorAll('input, textarea').forEach(function (field) {
      field.value = '';
      field.removeAttribute('aria-invalid');
    });
    container.appendChild(copy);
    renumber(container);
    var first = copy.querySelector('input, textarea');
    if (first) first.focus();
  }

  document.querySelectorAll('[data-add-row]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      addRow(button);
    });
  });

  // The language of the letter: choosing another reloads the form with its texts pre-filled in that language.
  // What was typed is replaced, so once something was typed the counsellor is asked first (never lost silently);
  // declining keeps the language and the text as they were.
  var language = document.querySelector('[data-letter-language]');
  var letterForm = document.getElementById('letter-form');
  if (language && letterForm) {
    var typed = false;
    var chosen = language.value;
    letterForm.addEventListener('input', function (event) {
      if (event.target !== language) typed = true;
    });
    language.addEventListener('change', function () {
      if (typed && !window.confirm(language.getAttribute('data-confirm'))) {
        language.value = chosen;
        return;
      }
      window.location.href = language.getAttribute('data-reload') + encodeURIComponent(language.value);
    });
  }

  var name = document.getElementById('f-personName');
  var latin = document.querySelector('[data-rtl-field]');
  if (name && latin) {
    name.addEventListener('input', function () {
      var latinInput = document.getElementById('f-personLatin');
      if (RTL.test(name.value) || (latinInput && latinInput.value)) latin.hidden = false;
      else latin.hidden = true;
    });
  }
})();
