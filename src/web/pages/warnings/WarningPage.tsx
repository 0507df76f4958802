import { useParams } from 'react-router-dom';
import { WarningResponsePage } from './WarningResponsePage.js';
import { WarningTrackingPage } from './WarningTrackingPage.js';
import { useTracksWarnings } from './shared.js';

/**
 * A warning at its one address (the notices link to it): issuers and supervisors follow it,
 * recipients read and answer it.
 */
export function WarningPage() {
  const { id = '' } = useParams();
  const tracks = useTracksWarnings();
  return tracks ? (
    <WarningTrackingPage key={id} id={id} />
  ) : (
    <WarningResponsePage key={id} id={id} />
  );
}
