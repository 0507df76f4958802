import { Card, Col, Row, Typography } from 'antd';
import { EChart, type ChartOption } from './EChart.js';

export interface PairedChart {
  title: string;
  option: ChartOption;
  testId: string;
}

/**
 * Two charts side by side (stacked on narrow screens) over the same groups, and, when there
 * are more groups than the charts show, the note saying so.
 */
export function ChartPair({
  charts,
  height,
  loading,
  limitNote,
}: {
  charts: readonly [PairedChart, PairedChart];
  height: number;
  loading: boolean;
  /** Shown under the charts when set: e.g. "the 20 largest of 35 groups". */
  limitNote: string | null;
}) {
  return (
    <>
      <Row gutter={[16, 16]}>
        {charts.map((chart) => (
          <Col key={chart.testId} xs={24} xl={12}>
            <Card size="small" title={chart.title} loading={loading}>
              <EChart option={chart.option} height={height} testId={chart.testId} />
            </Card>
          </Col>
        ))}
      </Row>
      {limitNote && <Typography.Text type="secondary">{limitNote}</Typography.Text>}
    </>
  );
}
