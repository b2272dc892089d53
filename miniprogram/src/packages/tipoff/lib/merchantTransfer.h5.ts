// H5: a transfer bill can only be confirmed inside WeChat (wx.requestMerchantTransfer in the mini-program).
export type MerchantTransferResult = 'confirmed' | 'cancelled' | 'unsupported' | 'failed';

export const canConfirmHere = false;

export async function requestMerchantTransfer(_p: { mchId: string; appId: string; package: string }): Promise<MerchantTransferResult> {
  return 'unsupported';
}
