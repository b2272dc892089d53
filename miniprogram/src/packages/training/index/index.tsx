import ComingSoon from '@/components/ComingSoon';

// Placeholder until the training feature lands; replace this page, keep the route (training subpackage).
export default function TrainingIndex() {
  return (
    <ComingSoon
      title='培训报名'
      summary='食品安全知识培训报名即将开放：查看课程、在线报名、扫码签到。'
      features={[
        '浏览培训机构和行业协会发布的课程与场次',
        '在线报名，满员自动候补，按规则取消',
        '现场扫码签到，参训后获得培训证明',
        '培训记录计入作坊信用档案，可用于示范创建申报',
      ]}
    />
  );
}
