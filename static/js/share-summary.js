// The referral form: keeps "Leaves the union when you send" to the details ticked, as the counsellor ticks them.
// Without this script the line shows what was ticked when the page was made (after a 422, what was typed).
function showLeaving(form) {
  const list = form.querySelector('[data-leaving-list]');
  if (!list) return;
  const ticked = [...form.querySelectorAll('input[name="sharedFields"]:checked')].map((box) => box.getAttribute('data-leaving'));
  list.textContent = ticked.length ? ticked.join(', ') : list.getAttribute('data-none');
}
document.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof window.HTMLInputElement && box.name === 'sharedFields' && box.form) showLeaving(box.form);
});
