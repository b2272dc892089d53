// WeChat reads aria-label / aria-role / aria-checked on its components (screen readers, 读屏),
// but Taro's generic weapp templates drop attributes they do not list. This adds them to the
// components we label, so the same JSX attribute reaches WXML.
const ARIA = { 'aria-label': '', 'aria-role': '', 'aria-checked': '', 'aria-hidden': '', 'aria-disabled': '' };

module.exports = (ctx) => {
  // The platform calls ctx.onBuildInit(platform) before building; registered as a method it reaches us
  // with the platform instance, which owns the WXML template generator.
  ctx.registerMethod('onBuildInit', (platform) => {
    const template = platform && platform.template;
    if (!template || typeof template.mergeComponents !== 'function') return; // H5 has no templates
    template.mergeComponents(ctx, {
      View: ARIA,
      Text: ARIA,
      Button: ARIA,
      Image: ARIA,
      Input: ARIA,
    });
  });
};
