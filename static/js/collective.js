// Upload progress of a sheet (issue 15): htmx reports the upload's progress; the bar shows it. Without this file,
// or without JavaScript, the form posts as a plain form.
document.addEventListener('htmx:xhr:progress', (event) => {
  const target = event.target;
  const form = target && typeof target.closest === 'function' ? target.closest('[data-upload-progress]') : null;
  const bar = form && form.querySelector('.upload-progress');
  const { loaded, total } = event.detail || {};
  if (!bar || !total) return;
  bar.hidden = false;
  bar.value = Math.round((loaded / total) * 100);
});
