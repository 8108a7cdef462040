/** Parameter items (type 9): time ranges, drop-downs, text boxes. */
import { DAY, HOUR } from "../duration.js";
import { LOG_ANALYTICS, type Placement, placement, stableId, TIMEFRAME } from "./shared.js";

export interface Parameter {
  id: string;
  version: "KqlParameterItem/1.0";
  name: string;
  type: number;
  [extra: string]: unknown;
}

export const durations = {
  "1h": HOUR,
  "4h": 4 * HOUR,
  "12h": 12 * HOUR,
  "1d": DAY,
  "2d": 2 * DAY,
  "3d": 3 * DAY,
  "7d": 7 * DAY,
  "14d": 14 * DAY,
  "30d": 30 * DAY,
  "90d": 90 * DAY,
} as const;
export type Duration = keyof typeof durations;

export interface TimeRangeOptions {
  label?: string;
  defaultValue?: Duration;
  choices?: Duration[];
  description?: string;
}

export const param = {
  /** A time-range picker (parameter type 4). Queries use {Name}, {Name:start}, {Name:end}, {Name:grain}. */
  timeRange(name: string, opts: TimeRangeOptions = {}): Parameter {
    const choices = opts.choices ?? (["1h", "12h", "1d", "7d", "14d", "30d", "90d"] as Duration[]);
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 4,
      isRequired: true,
      ...(opts.description ? { description: opts.description } : {}),
      value: { durationMs: durations[opts.defaultValue ?? "7d"] },
      typeSettings: {
        selectableValues: choices.map((d) => ({ durationMs: durations[d] })),
        allowCustom: true,
      },
    };
  },
  /** The usual "Time range" picker, named {@link TIMEFRAME}, defaulting to 7 days. */
  timeframe(opts: TimeRangeOptions = {}): Parameter {
    return param.timeRange(TIMEFRAME, { label: "Time range", defaultValue: "7d", ...opts });
  },
  /** A free-text box (parameter type 1). */
  text(name: string, opts: { label?: string; defaultValue?: string; description?: string } = {}): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 1,
      ...(opts.description ? { description: opts.description } : {}),
      value: opts.defaultValue ?? "",
      timeContext: { durationMs: DAY },
    };
  },
  /** A drop-down (parameter type 2) fed by a query or by fixed values. */
  dropdown(
    name: string,
    opts: {
      label?: string;
      query?: string;
      values?: Array<{ value: string; label?: string; selected?: boolean }>;
      multiSelect?: boolean;
      includeAll?: boolean;
      defaultValue?: string | string[];
      description?: string;
      timeParameter?: string;
    },
  ): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      label: opts.label ?? name,
      type: 2,
      ...(opts.description ? { description: opts.description } : {}),
      isRequired: true,
      multiSelect: opts.multiSelect ?? false,
      ...(opts.multiSelect ? { quote: "'", delimiter: "," } : {}),
      ...(opts.query
        ? {
            query: opts.query.trim(),
            queryType: 0,
            resourceType: LOG_ANALYTICS,
            ...(opts.timeParameter ? { timeContextFromParameter: opts.timeParameter } : {}),
          }
        : {}),
      ...(opts.values
        ? {
            jsonData: JSON.stringify(
              opts.values.map((v) => ({
                value: v.value,
                label: v.label ?? v.value,
                ...(v.selected ? { selected: true } : {}),
              })),
            ),
          }
        : {}),
      typeSettings: {
        additionalResourceOptions: opts.includeAll ? ["value::all"] : [],
        showDefault: false,
      },
      ...(opts.defaultValue !== undefined ? { value: opts.defaultValue } : {}),
    };
  },
  /** A parameter the user never sees, set by drill-down selections (hidden text). */
  hidden(name: string, defaultValue = ""): Parameter {
    return {
      id: stableId(`param:${name}`),
      version: "KqlParameterItem/1.0",
      name,
      type: 1,
      isHiddenWhenLocked: true,
      value: defaultValue,
    };
  },
};

export interface ParametersItem {
  type: 9;
  content: {
    version: "KqlParameterItem/1.0";
    parameters: Parameter[];
    style: string;
    queryType: 0;
    resourceType: string;
  };
  name: string;
  [extra: string]: unknown;
}

/** A row of parameters (item type 9). */
export function parameters(name: string, params: Parameter[], opts: Placement = {}): ParametersItem {
  return {
    type: 9,
    content: {
      version: "KqlParameterItem/1.0",
      parameters: params,
      style: "pills",
      queryType: 0,
      resourceType: LOG_ANALYTICS,
    },
    name,
    ...placement(opts),
  };
}
