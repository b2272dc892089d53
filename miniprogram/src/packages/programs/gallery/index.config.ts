export default definePageConfig({ navigationBarTitleText: '非遗美食' });
