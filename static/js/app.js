// Small behaviours that the CSP allows (no inline script). The pages work without this file.
document.addEventListener('focusin', (event) => {
  // A one-time link field selects itself, ready to copy.
  const el = event.target;
  if (el instanceof HTMLInputElement && el.readOnly && el.id === 'link') el.select();
});

// A copy button next to a one-time link (shown only when this file runs: without it, the field is there to copy by hand).
const showCopyButtons = (root) => {
  for (const button of root.querySelectorAll('button[data-copy]')) button.hidden = false;
};
showCopyButtons(document);
document.addEventListener('htmx:load', (event) => showCopyButtons(event.target));
document.addEventListener('click', async (event) => {
  const button = event.target instanceof window.Element ? event.target.closest('button[data-copy]') : null;
  if (!button) return;
  const field = document.getElementById(button.getAttribute('data-copy'));
  if (!(field instanceof HTMLInputElement)) return;
  field.select();
  try {
    await window.navigator.clipboard.writeText(field.value);
  } catch {
    document.execCommand('copy');
  }
  button.textContent = button.getAttribute('data-copied') || button.textContent;
});

// Uploads sent by htmx (the evidence card, a timeline entry with files) show their progress; plain forms work without.
document.addEventListener('htmx:xhr:progress', (event) => {
  const form = event.target;
  if (!form || form.tagName !== 'FORM') return;
  const bar = form.querySelector('.evidence-upload__progress');
  const { loaded, total } = event.detail;
  if (!bar || !total) return;
  bar.hidden = false;
  bar.value = Math.round((loaded / total) * 100);
});

// After a 422 the error summary takes focus, so that a screen reader reads it and the keyboard starts from it. A full
// page does this with autofocus; after an htmx swap htmx puts back the focus it saved (the field typed in), so the
// summary takes it once the swap has settled.
document.addEventListener('htmx:afterSettle', (event) => {
  if (!event.detail || !event.detail.xhr || event.detail.xhr.status !== 422) return;
  const summary = document.querySelector('[data-error-summary]');
  if (summary instanceof window.HTMLElement) summary.focus();
});
const firstSummary = document.querySelector('[data-error-summary]');
if (firstSummary instanceof window.HTMLElement && document.activeElement === document.body) firstSummary.focus();

// A link of the summary focuses its field: by id, else the field of that name in the form (a group of boxes: its first).
document.addEventListener('click', (event) => {
  const link = event.target instanceof window.Element ? event.target.closest('[data-error-summary] a[data-field]') : null;
  if (!link) return;
  const scope = link.closest('form') || document;
  const byId = document.getElementById(link.getAttribute('href').slice(1));
  const named = scope.querySelector(`[name="${window.CSS.escape(link.getAttribute('data-field'))}"]`);
  const target = byId && byId.matches('input, select, textarea, button') ? byId : (byId && byId.querySelector('input, select, textarea')) || named || byId;
  if (!(target instanceof window.HTMLElement)) return;
  event.preventDefault();
  target.focus();
});
