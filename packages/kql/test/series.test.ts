/** series_* functions, written from the Kusto documentation's rules. */
import { KqlUnsupportedError } from "@sentinelctl/kql";
import { value } from "./helpers.js";

describe("element-wise series functions", () => {
  test("unary functions map every numeric element; non-numeric elements become null", () => {
    expect(value("series_floor(dynamic([-1.5, 1, 2.5]))")).toEqual([-2, 1, 2]);
    expect(value("series_abs(dynamic([-3, null, 'x', 4]))")).toEqual([3, null, null, 4]);
    expect(value("series_exp(dynamic([0]))")).toEqual([1]);
    expect(value(`series_floor(parse_json('{"a": 1}'))`)).toBeNull();
  });
  test("binary arithmetic pads the shorter array with null elements", () => {
    expect(value("series_add(dynamic([1, 2, 'a']), dynamic([10, 20, 30, 40]))")).toEqual([
      11,
      22,
      null,
      null,
    ]);
    expect(value("series_subtract(dynamic([5, 5]), dynamic([1, 7]))")).toEqual([4, -2]);
    expect(value("series_divide(dynamic([1, 2, 4]), dynamic([4, 2, 1]))")).toEqual([0.25, 1, 4]);
    expect(value("series_pow(dynamic([2, 4]), dynamic([3, 0.5]))")).toEqual([8, 2]);
  });
  test("a numeric scalar argument is broadcast to the array's length", () => {
    expect(value("series_multiply(dynamic([1, 2, 3]), 2)")).toEqual([2, 4, 6]);
    expect(value("series_subtract(10, dynamic([1, 2]))")).toEqual([9, 8]);
  });
  test("comparisons give booleans, null where an element is missing", () => {
    expect(value("series_equals(dynamic([1, 2, 4]), dynamic([4, 2, 1]))")).toEqual([false, true, false]);
    expect(value("series_greater_equals(dynamic([1, 2, 3]), 2)")).toEqual([false, true, true]);
    expect(value("series_less(dynamic([1, 5]), dynamic([2]))")).toEqual([true, null]);
  });
  test("a null argument gives null", () => {
    expect(value("series_add(dynamic(null), dynamic([1]))")).toBeNull();
  });
  test("a NaN or infinite element is refused, not returned", () => {
    expect(() => value("series_log(dynamic([0]))")).toThrow(KqlUnsupportedError);
    expect(() => value("series_divide(dynamic([1]), dynamic([0]))")).toThrow(KqlUnsupportedError);
  });
});

describe("series_dot_product", () => {
  test("sums element products over the shorter length, skipping non-numeric elements", () => {
    expect(value("series_dot_product(dynamic([1, 2, 4]), dynamic([4, 2, 1]))")).toBe(12);
    expect(value("series_dot_product(dynamic([1, 2, 3]), dynamic([1, 1]))")).toBe(3);
    expect(value("series_dot_product(dynamic([1, 'x', 3]), dynamic([1, 1, 1]))")).toBe(4);
  });
  test("broadcasts a scalar and gives null for an empty array", () => {
    expect(value("series_dot_product(dynamic([1, 2, 3]), 10)")).toBe(60);
    expect(value("series_dot_product(dynamic([]), dynamic([1]))")).toBeNull();
  });
});
