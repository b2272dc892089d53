export default definePageConfig({ navigationBarTitleText: '网页登录设置' });
