export default definePageConfig({ navigationBarTitleText: '禁止生产食品目录' });
