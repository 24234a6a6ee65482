// Small behaviours that the CSP allows (no inline script). The pages work without this file.
document.addEventListener('focusin', (event) => {
  // A one-time link field selects itself, ready to copy.
  const el = event.target;
  if (el instanceof HTMLInputElement && el.readOnly && el.id === 'link') el.select();
});
