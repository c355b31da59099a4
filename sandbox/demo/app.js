// The demo SPA: client-side routes via history.pushState, which the RUM SDK tracks as views.

const PAGES = [
  {
    route: /^\/demo\/?$/,
    render: () =>
      card('Home', 'Welcome to the Sandbox Shop. Pick a product from the menu.', 'Start shopping'),
  },
  {
    route: /^\/demo\/products\/(\d+)\/reviews\/?$/,
    render: (id) =>
      card(`Product ${id} reviews`, `★★★★☆ "Does what it says." ★★★☆☆ "Fine." (${id})`, 'Write a review'),
  },
  {
    route: /^\/demo\/products\/(\d+)\/?$/,
    render: (id) =>
      card(`Product ${id}`, `A very fine product, number ${id}. Ships in 2 days.`, 'Add to cart'),
  },
  {
    route: /^\/demo\/cart\/?$/,
    render: () => card('Cart', 'Your cart holds 1 item: Product 42.', 'Checkout'),
  },
];

function card(title, text, action) {
  const main = document.createElement('div');
  main.className = 'card';
  const h2 = document.createElement('h2');
  h2.textContent = title;
  const p = document.createElement('p');
  p.textContent = text;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = action;
  button.addEventListener('click', () => {
    p.textContent = `${text} (${action}: done)`;
  });
  main.append(h2, p, button);
  return main;
}

function render() {
  const path = location.pathname;
  const app = document.getElementById('app');
  for (const page of PAGES) {
    const match = page.route.exec(path);
    if (match) {
      app.replaceChildren(page.render(match[1]));
      document.title = `Sandbox Shop: ${app.querySelector('h2').textContent}`;
      return;
    }
  }
  app.replaceChildren(card('Not found', `No page at ${path}.`, 'Go home'));
}

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-spa]') : null;
  if (!link) return;
  event.preventDefault();
  if (link.href !== location.href) history.pushState({}, '', link.href);
  render();
});
window.addEventListener('popstate', render);
render();
