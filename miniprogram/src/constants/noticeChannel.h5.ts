/** Where a person hears of progress on the web: the message centre (a browser gets no WeChat notices). */
export const PROGRESS_NOTICE = '每一步办理结果都会发到消息中心（我的 › 消息），请留意查看。';
