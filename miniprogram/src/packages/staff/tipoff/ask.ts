import Taro from '@tarojs/taro';

/** A confirmation before an action that cannot be undone. */
export const confirm = async (title: string, content: string, confirmText = '确定') =>
  (await Taro.showModal({ title, content, confirmText, cancelText: '取消' })).confirm;

/** A required text: says what is missing (toast) and answers false when empty. */
export const need = (v: string, what: string) => {
  if (v.trim()) return true;
  void Taro.showToast({ title: `请填写${what}`, icon: 'none' });
  return false;
};
