import { useMemo } from 'react';
import { View } from '@tarojs/components';
import { create } from 'qrcode/lib/core/qrcode';
import { a11y } from '@/utils/a11y';
import './QrCode.scss';

/** The rows of a QR code's modules (true: dark), with a quiet zone of 2 modules. */
export function qrRows(text: string): boolean[][] {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  const pad = 2;
  const n = size + pad * 2;
  const rows: boolean[][] = [];
  for (let y = 0; y < n; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < n; x++) {
      const inside = x >= pad && y >= pad && x < size + pad && y < size + pad;
      row.push(inside && !!data[(y - pad) * size + (x - pad)]);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * A QR code drawn on the phone (no image request: the check-in code is personal and must show offline too),
 * as rows of cells, the same on weapp and H5.
 */
export default function QrCode({ value, label }: { value: string; label: string }) {
  const rows = useMemo(() => qrRows(value), [value]);
  const h = `${100 / rows.length}%`;
  return (
    <View className='qr' data-qr={value} {...a11y({ role: 'img', label })}>
      {rows.map((row, y) => (
        <View key={y} className='qr__row' style={{ height: h }}>
          {row.map((on, x) => <View key={x} className={on ? 'qr__cell qr__cell--on' : 'qr__cell'} />)}
        </View>
      ))}
    </View>
  );
}
