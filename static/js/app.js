// Small behaviours that the CSP allows (no inline script). The pages work without this file.
document.addEventListener('focusin', (event) => {
  // A one-time link field selects itself, ready to copy.
  const el = event.target;
  if (el instanceof HTMLInputElement && el.readOnly && el.id === 'link') el.select();
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
