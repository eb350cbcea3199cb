// QC verdicts of a capture image (`qc.sharpness`, `qc.exposure`, each {status: pass|warn|fail, reason, …};
// `{}` before processing) as text and classes. Colour is never the only cue: every badge says its
// status in words with a symbol.

import { h, formatNumber } from './dom.js';

const RANK = { pass: 0, warn: 1, fail: 2 };
const SYMBOL = { pass: '✓', warn: '!', fail: '✗' };

export function checkStatus(check) {
  return check && RANK[check.status] !== undefined ? check.status : null;
}

/** The worst verdict of the image's checks, or null when nothing was checked. */
export function overallStatus(qc) {
  let worst = null;
  for (const name of ['sharpness', 'exposure']) {
    const status = checkStatus(qc && qc[name]);
    if (status && (worst === null || RANK[status] > RANK[worst])) worst = status;
  }
  return worst;
}

/** Every check present passed (a warn is not a pass). */
export function qcPassed(qc) {
  const checks = ['sharpness', 'exposure'].map((name) => checkStatus(qc && qc[name])).filter(Boolean);
  return checks.length > 0 && checks.every((status) => status === 'pass');
}

function detail(name, check) {
  if (check.reason) return check.reason;
  const bits = [];
  if (name === 'sharpness') {
    if (typeof check.edge_width === 'number') bits.push(`edge width ${formatNumber(check.edge_width)} px`);
    if (typeof check.score === 'number') bits.push(`score ${formatNumber(check.score, 1)}`);
  } else {
    if (typeof check.brightness_ev === 'number') bits.push(`${formatNumber(check.brightness_ev)} EV`);
    if (typeof check.mean === 'number') bits.push(`mean ${formatNumber(check.mean, 1)}`);
    if (typeof check.session_offset_ev === 'number') bits.push(`${formatNumber(check.session_offset_ev)} EV off its neighbours`);
  }
  return bits.join(', ');
}

/** One line of text for a check, e.g. "Sharpness: ✗ fail — motion blur (edge width 4.1 px)". */
export function checkText(label, name, check) {
  const status = checkStatus(check);
  if (!status) return `${label}: not checked`;
  const why = detail(name, check);
  return `${label}: ${SYMBOL[status]} ${status}${why ? ` — ${why}` : ''}`;
}

/** Short text for aria-labels: "QC fail (sharpness fail: blurred)". */
export function qcAriaText(qc) {
  const overall = overallStatus(qc);
  if (!overall) return 'QC not run';
  const parts = [];
  for (const name of ['sharpness', 'exposure']) {
    const check = qc[name];
    const status = checkStatus(check);
    if (status && status !== 'pass') parts.push(`${name} ${status}${check.reason ? `: ${check.reason}` : ''}`);
  }
  return `QC ${overall}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** `<span class="badge badge-sharpness qc-fail">…</span>` */
export function badge(name, check) {
  const label = name === 'sharpness' ? 'Sharpness' : 'Exposure';
  const status = checkStatus(check) || 'none';
  return h('span', { class: ['badge', `badge-${name}`, `qc-${status}`], dataset: { status } }, checkText(label, name, check));
}

export function badges(qc) {
  return [badge('sharpness', qc && qc.sharpness), badge('exposure', qc && qc.exposure)];
}
