// The header search box as an ARIA combobox (views/partials/search-box.eta). Without this file (or htmx) the box is a
// plain GET form to /search; with it, htmx fills the listbox as the user types and the keys below move through it.
(() => {
  const input = document.getElementById('search-box-q');
  const popup = document.getElementById('search-box-popup');
  if (!(input instanceof HTMLInputElement) || !popup) return;

  const options = () => [...popup.querySelectorAll('[role="option"]')];
  const active = () => {
    const id = input.getAttribute('aria-activedescendant');
    return id ? document.getElementById(id) : null;
  };

  const setActive = (option) => {
    for (const o of options()) o.setAttribute('aria-selected', o === option ? 'true' : 'false');
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const close = () => {
    setActive(null);
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const open = () => {
    // The popup shows a message (nothing found, too long) even without options; it is "expanded" only with options.
    popup.hidden = input.value.trim() === '' || popup.querySelector('[role="listbox"] > *, p') === null;
    input.setAttribute('aria-expanded', !popup.hidden && options().length ? 'true' : 'false');
  };

  const go = (option) => {
    const href = option && option.getAttribute('data-href');
    if (href) window.location.assign(href);
  };

  document.addEventListener('htmx:afterSwap', (event) => {
    if (event.target !== popup) return;
    setActive(null);
    open();
  });

  // An emptied box asks for nothing: close at once instead of waiting for the request.
  input.addEventListener('input', () => {
    if (input.value.trim() === '') close();
  });

  input.addEventListener('keydown', (event) => {
    const list = options();
    const current = active();
    const index = current ? list.indexOf(current) : -1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!list.length) return;
      event.preventDefault();
      if (popup.hidden) open();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = index === -1 ? (step === 1 ? 0 : list.length - 1) : (index + step + list.length) % list.length;
      setActive(list[next]);
    } else if (event.key === 'Enter') {
      // No option chosen: the form goes to the results page, as without JavaScript.
      if (current && !popup.hidden) {
        event.preventDefault();
        go(current);
      }
    } else if (event.key === 'Escape') {
      if (!popup.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) input.value = '';
    } else if (event.key === 'Home' || event.key === 'End') {
      setActive(null);
    }
  });

  popup.addEventListener('mousedown', (event) => {
    // Keep the focus in the box, so that a click on an option does not close the popup before it opens the option.
    event.preventDefault();
  });
  popup.addEventListener('click', (event) => {
    const option = event.target instanceof window.Element ? event.target.closest('[role="option"]') : null;
    if (option) go(option);
  });

  input.addEventListener('focus', () => {
    if (input.value.trim()) open();
  });
  input.addEventListener('blur', close);
})();
