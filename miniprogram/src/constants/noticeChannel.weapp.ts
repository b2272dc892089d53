/** In the mini-program: WeChat service notices as well as the message centre. */
export const PROGRESS_NOTICE = '每一步办理结果都会通过微信服务通知告诉您，也可在“我的 › 消息”中查看。';
