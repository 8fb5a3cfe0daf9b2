/**
 * The tab's title: the page's own title, prefixed with the number of unread conversations, "(3)
 * General · Acme", so a background tab shows that something is waiting.
 */
let base = typeof document === 'undefined' ? '' : document.title;
let unread = 0;

function apply() {
  document.title = unread > 0 ? `(${unread}) ${base}` : base;
}

export function setPageTitle(title: string): void {
  base = title;
  apply();
}

export function setUnreadInTitle(count: number): void {
  if (count === unread) return;
  unread = count;
  apply();
}
