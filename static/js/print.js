// The print pages (views/layouts/print.eta): a "Print" button that opens the browser's print dialog. Without this
// script the button stays hidden and the browser's own Print command does the same.
for (const button of document.querySelectorAll('[data-print-now]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
