import { Fragment } from 'react';

/**
 * A colon-separated fingerprint that wraps only between byte pairs; its text
 * is the fingerprint exactly. Prominent on its own, or `inline` in a list.
 */
export function Fingerprint({ value, id, labelledBy, inline = false }: { value: string; id?: string; labelledBy?: string; inline?: boolean }) {
  const pairs = value.split(':');
  const text = pairs.map((pair, index) => (
    <Fragment key={index}>
      {pair}
      {index < pairs.length - 1 && (
        <>
          :<wbr />
        </>
      )}
    </Fragment>
  ));
  return inline ? (
    <span className="mono small" id={id}>
      {text}
    </span>
  ) : (
    <p className="fingerprint" id={id} aria-labelledby={labelledBy}>
      {text}
    </p>
  );
}
