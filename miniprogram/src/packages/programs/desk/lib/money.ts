// Money on the desk: people type 元, the API stores 分 (integers).

/** "5000", "5000.5", "5000.50" → 500000, 500050, 500050; '' → 0; anything else → null. Up to 1,000,000 元. */
export function fenFromYuan(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return 0;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  const fen = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return fen <= 100_000_000 ? fen : null;
}

/** 500000 → "5000", 500050 → "5000.50": what the form shows for a stored amount. */
export function yuanFromFen(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : String(whole);
}

/** 500000 → "5,000.00 元". */
export function yuanText(fen: number): string {
  const [w, f] = (fen / 100).toFixed(2).split('.');
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f} 元`;
}
