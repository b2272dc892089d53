export default definePageConfig({ navigationBarTitleText: '日常监督检查' });
