// The encoder of the `qrcode` package (pure JS, no canvas or Node APIs): only what QrCode uses.
declare module 'qrcode/lib/core/qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: { size: number; data: Uint8Array } };
}
