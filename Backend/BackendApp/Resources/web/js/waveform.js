// Waveforms: reading a WAV in the browser into an amplitude envelope, and drawing envelopes or the
// analyzer's peak arrays on a <canvas> (sized for the device pixel ratio, coloured from the CSS custom
// properties so the theme stays in app.css).

/** A CSS custom property of :root, e.g. cssVar('--wave'). */
export function cssVar(name, fallback = '#000') {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** Size the canvas's backing store to its CSS box × devicePixelRatio; returns {ctx, width, height} in CSS px. */
export function prepareCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth || canvas.width || 300));
  const height = Math.max(1, Math.round(canvas.clientHeight || canvas.height || 80));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * Parse a RIFF/WAVE file (PCM 8/16/24/32-bit integer or 32/64-bit float, WAVE_FORMAT_EXTENSIBLE too)
 * into an envelope: the largest |mean of the channels| per block of 1/`envelopeRate` s.
 * Returns { rate, data: Float32Array (0…1), durationMs }.
 */
export function wavEnvelope(buffer, envelopeRate = 8000) {
  const view = new DataView(buffer);
  const tag = (offset) => String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let format = null;
  let dataOffset = -1;
  let dataSize = 0;
  let offset = 12;
  while (offset + 8 <= buffer.byteLength) {
    const id = tag(offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      let code = view.getUint16(body, true);
      if (code === 0xfffe && size >= 26) code = view.getUint16(body + 24, true); // extensible: sub-format GUID's first two bytes
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      dataOffset = body;
      // A streamed writer may leave 0 or 0xFFFFFFFF: take what is there.
      if (size === 0 || size === 0xffffffff || body + size > buffer.byteLength) size = buffer.byteLength - body;
      dataSize = size;
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!format || dataOffset < 0) throw new Error('WAV without fmt or data chunk');
  const { code, channels, sampleRate, bits } = format;
  const bytes = bits / 8;
  const blockAlign = format.blockAlign || channels * bytes;
  let read;
  if (code === 1 && bits === 16) read = (p) => view.getInt16(p, true) / 32768;
  else if (code === 1 && bits === 24) read = (p) => ((view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16)) / 8388608);
  else if (code === 1 && bits === 32) read = (p) => view.getInt32(p, true) / 2147483648;
  else if (code === 1 && bits === 8) read = (p) => (view.getUint8(p) - 128) / 128;
  else if (code === 3 && bits === 32) read = (p) => view.getFloat32(p, true);
  else if (code === 3 && bits === 64) read = (p) => view.getFloat64(p, true);
  else throw new Error(`unsupported WAV format ${code}/${bits}-bit`);

  const frames = Math.floor(dataSize / blockAlign);
  const rate = Math.min(envelopeRate, sampleRate);
  const step = sampleRate / rate;
  const out = new Float32Array(Math.ceil(frames / step));
  for (let i = 0; i < out.length; i += 1) {
    const start = Math.floor(i * step);
    const end = Math.min(frames, Math.floor((i + 1) * step));
    let peak = 0;
    for (let f = start; f < end; f += 1) {
      const base = dataOffset + f * blockAlign;
      let sum = 0;
      for (let c = 0; c < channels; c += 1) sum += read(base + c * bytes);
      const value = Math.abs(sum / channels);
      if (value > peak) peak = value;
    }
    out[i] = peak;
  }
  return { rate, data: out, durationMs: (frames / sampleRate) * 1000 };
}

/** Fetch a (signed) WAV URL and make its envelope. Refuses files over `maxBytes` before reading them. */
export async function loadWavEnvelope(url, { maxBytes = 100 * 1024 * 1024, sizeHint = null, signal } = {}) {
  if (sizeHint !== null && sizeHint > maxBytes) throw new Error('audio too long to draw in the browser');
  const response = await fetch(url, { credentials: 'omit', signal });
  if (!response.ok) throw new Error(`audio download failed (HTTP ${response.status})`);
  const length = Number(response.headers.get('Content-Length') || 0);
  if (length > maxBytes) throw new Error('audio too long to draw in the browser');
  return wavEnvelope(await response.arrayBuffer());
}

/** Largest envelope value between two times (ms) of the recording; 0 outside it. */
export function envelopeMax(envelope, fromMs, toMs) {
  const { rate, data } = envelope;
  let a = Math.floor((fromMs * rate) / 1000);
  let b = Math.ceil((toMs * rate) / 1000);
  if (b <= 0 || a >= data.length) return 0;
  a = Math.max(0, a);
  b = Math.min(data.length, Math.max(b, a + 1));
  let peak = 0;
  for (let i = a; i < b; i += 1) if (data[i] > peak) peak = data[i];
  return peak;
}

/**
 * Draw a peaks array (values 0…1, one per column of a recording of `duration` seconds) into the
 * canvas, the recording starting at `startSeconds` on a timeline of [t0, t1] seconds.
 */
export function drawPeaks(canvas, { peaks, rms = null, duration, startSeconds = 0, t0 = 0, t1 = duration, color = cssVar('--wave'), rmsColor = cssVar('--wave-rms') }) {
  const { ctx, width, height } = prepareCanvas(canvas);
  ctx.fillStyle = cssVar('--canvas-bg', '#fff');
  ctx.fillRect(0, 0, width, height);
  const mid = height / 2;
  ctx.strokeStyle = cssVar('--canvas-axis', '#999');
  ctx.beginPath(); ctx.moveTo(0, mid); ctx.lineTo(width, mid); ctx.stroke();
  if (!peaks || !peaks.length || !(duration > 0) || !(t1 > t0)) return;
  const perColumn = duration / peaks.length;
  const xOf = (seconds) => ((seconds - t0) / (t1 - t0)) * width;
  for (const [values, fill] of [[peaks, color], [rms, rmsColor]]) {
    if (!values) continue;
    ctx.fillStyle = fill;
    for (let x = 0; x < width; x += 1) {
      // Which columns fall under this pixel?
      const from = t0 + (x / width) * (t1 - t0) - startSeconds;
      const to = t0 + ((x + 1) / width) * (t1 - t0) - startSeconds;
      if (to <= 0 || from >= duration) continue;
      const a = Math.max(0, Math.floor(from / perColumn));
      const b = Math.min(values.length, Math.max(a + 1, Math.ceil(to / perColumn)));
      let peak = 0;
      for (let i = a; i < b; i += 1) if (values[i] > peak) peak = values[i];
      const half = Math.max(0.5, peak * (mid - 2));
      ctx.fillRect(x, mid - half, 1, half * 2);
    }
  }
  // Where the recording starts and ends.
  ctx.fillStyle = cssVar('--canvas-axis', '#999');
  for (const edge of [startSeconds, startSeconds + duration]) {
    const x = xOf(edge);
    if (x >= 0 && x <= width) ctx.fillRect(Math.round(x), 0, 1, height);
  }
}
