interface IconProps {
  className?: string;
}

// Line width and joins are styling, in styles.css (.sc-icon); `fill`, `stroke` and the 1em size
// stay here so an `unstyled` icon still draws as a text-sized line, not a huge filled shape.
// (Presentation attributes lose to any stylesheet rule, so .sc-icon and host classes still size it.)
const svgProps = {
  viewBox: '0 0 16 16',
  width: '1em',
  height: '1em',
  fill: 'none',
  stroke: 'currentColor',
  'aria-hidden': true,
} as const;

/** A box with an arrow leaving it: "opens elsewhere". */
export function LoginIcon({ className }: IconProps) {
  return (
    <svg {...svgProps} className={className}>
      <path d="M7 3H3v10h10V9M10 2h4v4M14 2 7 9" />
    </svg>
  );
}

/** A speech bubble. */
export function ChatIcon({ className }: IconProps) {
  return (
    <svg {...svgProps} className={className}>
      <path d="M2 3h12v8H7l-3 3v-3H2z" />
    </svg>
  );
}
