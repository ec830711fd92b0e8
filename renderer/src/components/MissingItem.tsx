import { PageHeader } from './PageHeader';

/** The page of something the core does not know (a stale link or bookmark), with the way back to its list. */
export function MissingItem({ what, listHref, listLabel }: { what: string; listHref: string; listLabel: string }) {
  return (
    <div className="page">
      <PageHeader title={`${what[0]!.toUpperCase()}${what.slice(1)} not found`} />
      <p>
        There is no {what} with this id. <a href={listHref}>{listLabel}</a>.
      </p>
    </div>
  );
}
