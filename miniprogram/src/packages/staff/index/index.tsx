import ComingSoon from '@/components/ComingSoon';

// Placeholder until the staff feature lands; replace this page, keep the route (staff subpackage).
export default function StaffIndex() {
  return (
    <ComingSoon
      title='监管工作台'
      summary='监管工作台即将开放：登记审核、日常检查、举报处理与培训管理。'
      features={[
        '登记申请受理、补正与现场核查（辖区内）',
        '日常监督检查十项清单、整改跟踪与复查',
        '监督抽检登记与不合格处置',
        '举报线索受理、核查与奖励审批',
        '培训讲师：发布课程、管理报名、签到发证',
      ]}
      note='仅限监管人员、培训讲师和管理员使用，需由管理员授权。'
    />
  );
}
