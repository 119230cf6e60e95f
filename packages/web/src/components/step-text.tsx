import Markdown from 'react-markdown';

/** The only elements a setup step may produce: the limited markup the descriptors write. */
const ALLOWED = ['strong', 'em', 'code'];

/**
 * One setup step served by `GET /v1/types` (`setup_steps`), in its limited markup (**bold**, `code`,
 * _emphasis_). Raw HTML is skipped and every other element (links, images, headings, the paragraph
 * around the text) is unwrapped to its text, so a step can never bring markup of its own.
 *
 * @example
 * <StepText text="Paste the **trust policy** into `role_arn`" />
 */
export function StepText({ text }: { text: string }) {
  return (
    <Markdown skipHtml allowedElements={ALLOWED} unwrapDisallowed>
      {text}
    </Markdown>
  );
}
