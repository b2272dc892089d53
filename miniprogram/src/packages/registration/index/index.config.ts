export default definePageConfig({ navigationBarTitleText: '作坊登记' });
