// Busy states (issue 16 item 7): a form that has been sent shows that it is working and cannot be sent twice.
// The look is CSS only (app.css, [data-busy]); this file only marks and unmarks. Without it the forms still work.
(function () {
  'use strict';

  // A download answers without leaving the page, and a browser says nothing when it has arrived: such a form
  // (data-download) is released after a short while, and any plain form after a long one, so that nothing stays locked.
  var DOWNLOAD_RELEASE_MS = 4000;
  var RELEASE_MS = 30000;

  function buttonsOf(form) {
    var inside = Array.prototype.slice.call(form.querySelectorAll('button:not([type]), button[type=submit], input[type=submit]'));
    var outside = form.id ? Array.prototype.slice.call(document.querySelectorAll('button[form="' + window.CSS.escape(form.id) + '"]')) : [];
    return inside.concat(outside);
  }

  function mark(form, submitter) {
    form.setAttribute('aria-busy', 'true');
    buttonsOf(form).forEach(function (button) {
      if (button.disabled) return;
      button.disabled = true;
      button.setAttribute('data-disabled-by-busy', '');
    });
    if (submitter) submitter.setAttribute('data-busy', '');
  }

  function release(form) {
    form.removeAttribute('aria-busy');
    buttonsOf(form).forEach(function (button) {
      button.removeAttribute('data-busy');
      if (!button.hasAttribute('data-disabled-by-busy')) return;
      button.disabled = false;
      button.removeAttribute('data-disabled-by-busy');
    });
  }

  // htmx requests: the form (or the element) that sent one is busy until its answer has come back.
  document.addEventListener('htmx:beforeRequest', function (event) {
    var elt = event.detail && event.detail.elt;
    if (!(elt instanceof window.Element)) return;
    var config = event.detail.requestConfig || {};
    var form = elt.tagName === 'FORM' ? elt : elt.closest('form');
    var sent = config.verb !== 'get' || (config.triggeringEvent && config.triggeringEvent.type === 'submit');
    if (form && sent) {
      mark(form, config.submitter || (elt.tagName === 'BUTTON' ? elt : null) || buttonsOf(form)[0]);
    } else {
      // A section that loads itself, a live search: busy for assistive technology, nothing to disable.
      elt.setAttribute('aria-busy', 'true');
    }
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var elt = event.detail && event.detail.elt;
    if (!(elt instanceof window.Element)) return;
    var form = elt.tagName === 'FORM' ? elt : elt.closest('form');
    if (form) release(form);
    elt.removeAttribute('aria-busy');
  });

  // Plain forms: htmx has already cancelled the submit events it handles, so what is left leaves the page, fills a
  // frame (the letter preview) or downloads a file. The buttons are disabled once the browser has read the form, so that
  // the button that was pressed still sends its name and value.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof window.HTMLFormElement)) return;
    var submitter = event.submitter || buttonsOf(form)[0] || null;
    window.setTimeout(function () { mark(form, submitter); }, 0);
    var frameName = (submitter && submitter.getAttribute('formtarget')) || form.getAttribute('target');
    var frame = frameName ? document.querySelector('iframe[name="' + window.CSS.escape(frameName) + '"]') : null;
    if (frame) {
      var preview = frame.closest('[data-busy-region]') || frame;
      preview.setAttribute('aria-busy', 'true');
      frame.addEventListener('load', function () {
        release(form);
        preview.removeAttribute('aria-busy');
      }, { once: true });
      return;
    }
    window.setTimeout(function () { release(form); }, form.hasAttribute('data-download') ? DOWNLOAD_RELEASE_MS : RELEASE_MS);
  });

  // Back to a page kept in the browser's cache: nothing on it is being sent any more.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    document.querySelectorAll('form[aria-busy]').forEach(release);
  });
})();
