// ECharts in both builds through taro-react-echarts (<canvas type="2d"> in the mini-program, a canvas in a
// div on H5). Only the pieces the dashboard draws are registered, so the staff subpackage carries a small
// part of ECharts. Screen readers skip the drawing: the card says the same in a visible summary in words
// and a table of the numbers.
import { View } from '@tarojs/components';
import Echarts from 'taro-react-echarts';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export default function Chart({ option, height = 240, testId }: { option: object; height?: number; testId?: string }) {
  return (
    <View className='dash__chart' aria-hidden='true' data-testid={testId}>
      {/* isPage false: the chart mounts after the data loads, when the page's onReady has long passed. */}
      {/* No width in style: the wrapper would pass "100%" to echarts.init as 100 px; it measures the box instead. */}
      <Echarts echarts={echarts} option={option} isPage={false} style={{ height }} />
    </View>
  );
}
