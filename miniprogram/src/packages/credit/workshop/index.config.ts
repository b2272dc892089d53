export default definePageConfig({ navigationBarTitleText: '作坊信用档案' });
