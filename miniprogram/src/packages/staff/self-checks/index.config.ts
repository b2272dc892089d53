export default definePageConfig({ navigationBarTitleText: '业主自查记录' });
