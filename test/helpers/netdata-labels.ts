/**
 * A child shows its own labels unsanitized (e.g. "[none]"); its parent shows them as a Netdata 1.37 parent stores
 * them ("_none_"): tests comparing the two apply the parent's rule, from src/, to the child's side.
 */
export { sanitizeLabelValue as netdataParentLabelValue } from '../../src/model/label-sanitize';
