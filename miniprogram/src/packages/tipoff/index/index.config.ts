export default definePageConfig({ navigationBarTitleText: '举报黑作坊' });
