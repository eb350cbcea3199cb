// Ids this tab has seen or created (recordings opened, videos uploaded), kept in sessionStorage so a
// reload keeps them. Only ids and titles — never a credential.

function read(kind) {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(`relay.recent.${kind}`) || '[]');
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function recent(kind) { return read(kind); }

/** Remember `{id, …}` at the front of the list (at most 50). */
export function remember(kind, entry) {
  const list = read(kind).filter((e) => e.id !== entry.id);
  const previous = read(kind).find((e) => e.id === entry.id) || {};
  list.unshift({ ...previous, ...entry, at: new Date().toISOString() });
  try {
    window.sessionStorage.setItem(`relay.recent.${kind}`, JSON.stringify(list.slice(0, 50)));
  } catch { /* storage full or disabled: the list is a convenience */ }
}
