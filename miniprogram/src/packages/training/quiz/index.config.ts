export default definePageConfig({ navigationBarTitleText: '课程考核' });
