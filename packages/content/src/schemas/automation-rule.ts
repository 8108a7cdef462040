import { type Static, Type } from "@sinclair/typebox";
import { Discriminated, described, StringEnum, strict } from "./common.js";

/**
 * A Sentinel automation rule, in the shape of the Microsoft.SecurityInsights/automationRules
 * `properties` object (api-version 2025-12-01) plus the rule's id. Enum values are the spec's.
 */

export const AUTOMATION_RULE_PROPERTIES = [
  "IncidentTitle",
  "IncidentDescription",
  "IncidentSeverity",
  "IncidentStatus",
  "IncidentRelatedAnalyticRuleIds",
  "IncidentTactics",
  "IncidentLabel",
  "IncidentProviderName",
  "IncidentUpdatedBySource",
  "IncidentCustomDetailsKey",
  "IncidentCustomDetailsValue",
  "AccountAadTenantId",
  "AccountAadUserId",
  "AccountName",
  "AccountNTDomain",
  "AccountPUID",
  "AccountSid",
  "AccountObjectGuid",
  "AccountUPNSuffix",
  "AlertProductNames",
  "AlertAnalyticRuleIds",
  "AzureResourceResourceId",
  "AzureResourceSubscriptionId",
  "CloudApplicationAppId",
  "CloudApplicationAppName",
  "DNSDomainName",
  "FileDirectory",
  "FileName",
  "FileHashValue",
  "HostAzureID",
  "HostName",
  "HostNetBiosName",
  "HostNTDomain",
  "HostOSVersion",
  "IoTDeviceId",
  "IoTDeviceName",
  "IoTDeviceType",
  "IoTDeviceVendor",
  "IoTDeviceModel",
  "IoTDeviceOperatingSystem",
  "IPAddress",
  "MailboxDisplayName",
  "MailboxPrimaryAddress",
  "MailboxUPN",
  "MailMessageDeliveryAction",
  "MailMessageDeliveryLocation",
  "MailMessageRecipient",
  "MailMessageSenderIP",
  "MailMessageSubject",
  "MailMessageP1Sender",
  "MailMessageP2Sender",
  "MalwareCategory",
  "MalwareName",
  "ProcessCommandLine",
  "ProcessId",
  "RegistryKey",
  "RegistryValueData",
  "Url",
] as const;

/** Condition properties whose values are analytics rule ids (checked against the repository's rules). */
export const ANALYTIC_RULE_ID_PROPERTIES: ReadonlySet<string> = new Set([
  "IncidentRelatedAnalyticRuleIds",
  "AlertAnalyticRuleIds",
]);

const Operator = StringEnum([
  "Equals",
  "NotEquals",
  "Contains",
  "NotContains",
  "StartsWith",
  "NotStartsWith",
  "EndsWith",
  "NotEndsWith",
]);

const PropertyCondition = Type.Object(
  {
    conditionType: Type.Literal("Property"),
    conditionProperties: Type.Object(
      {
        propertyName: StringEnum(AUTOMATION_RULE_PROPERTIES, {
          description: "The incident or alert property tested.",
        }),
        operator: described(Operator, { description: "How the property is compared with the values." }),
        propertyValues: Type.Array(Type.String(), {
          description: "Values compared with; one match is enough.",
        }),
      },
      strict,
    ),
  },
  strict,
);

const PropertyChangedCondition = Type.Object(
  {
    conditionType: Type.Literal("PropertyChanged"),
    conditionProperties: Type.Object(
      {
        propertyName: StringEnum(["IncidentSeverity", "IncidentStatus", "IncidentOwner"], {
          description: "The incident property whose change is tested.",
        }),
        changeType: StringEnum(["ChangedFrom", "ChangedTo"], {
          description: "Test the old value or the new one.",
        }),
        operator: Type.Optional(
          described(Operator, { description: "How that value is compared with the values." }),
        ),
        propertyValues: Type.Optional(Type.Array(Type.String(), { description: "Values compared with." })),
      },
      strict,
    ),
  },
  strict,
);

const PropertyArrayChangedCondition = Type.Object(
  {
    conditionType: Type.Literal("PropertyArrayChanged"),
    conditionProperties: Type.Object(
      {
        arrayType: StringEnum(["Alerts", "Labels", "Tactics", "Comments"], {
          description: "The incident list that must have gained an item.",
        }),
        changeType: StringEnum(["Added"], { description: "Only additions are tested." }),
      },
      strict,
    ),
  },
  strict,
);

/** Conditions nest: a Boolean condition combines conditions, a PropertyArray one tests each item. */
export const AutomationRuleCondition = Type.Recursive(
  (Self) =>
    Discriminated("conditionType", [
      PropertyCondition,
      PropertyChangedCondition,
      PropertyArrayChangedCondition,
      Type.Object(
        {
          conditionType: Type.Literal("PropertyArray"),
          conditionProperties: Type.Object(
            {
              arrayType: StringEnum(["CustomDetails", "CustomDetailValues"], {
                description: "Test the alert's custom detail keys, or their values.",
              }),
              arrayConditionType: StringEnum(["AnyItem", "AllItems"], {
                description: "Whether one item or every item must meet the item conditions.",
              }),
              itemConditions: Type.Array(Self, {
                maxItems: 10,
                description: "Conditions each item is tested with.",
              }),
            },
            strict,
          ),
        },
        strict,
      ),
      Type.Object(
        {
          conditionType: Type.Literal("Boolean"),
          conditionProperties: Type.Object(
            {
              operator: StringEnum(["And", "Or"], {
                description: "Whether all inner conditions must hold, or one.",
              }),
              innerConditions: Type.Array(Self, {
                minItems: 2,
                maxItems: 10,
                description: "The conditions combined.",
              }),
            },
            strict,
          ),
        },
        strict,
      ),
    ]),
  { $id: "AutomationRuleCondition" },
);

const IncidentLabel = Type.Object({ labelName: Type.String({ minLength: 1 }) }, strict);

const ModifyPropertiesAction = Type.Object(
  {
    order: Type.Integer({ description: "Position of the action among the rule's actions." }),
    actionType: Type.Literal("ModifyProperties"),
    actionConfiguration: Type.Object(
      {
        severity: Type.Optional(
          StringEnum(["High", "Medium", "Low", "Informational"], { description: "New severity." }),
        ),
        status: Type.Optional(
          StringEnum(["New", "Active", "Closed"], {
            description: "New status; Closed needs a classification.",
          }),
        ),
        classification: Type.Optional(
          StringEnum(["Undetermined", "TruePositive", "BenignPositive", "FalsePositive"]),
        ),
        classificationReason: Type.Optional(
          StringEnum([
            "SuspiciousActivity",
            "SuspiciousButExpected",
            "IncorrectAlertLogic",
            "InaccurateData",
          ]),
        ),
        classificationComment: Type.Optional(
          Type.String({ description: "Comment recorded with the classification." }),
        ),
        owner: Type.Optional(
          Type.Object(
            {
              email: Type.Optional(Type.String()),
              assignedTo: Type.Optional(Type.String()),
              objectId: Type.Optional(Type.String({ format: "uuid" })),
              userPrincipalName: Type.Optional(Type.String()),
              ownerType: Type.Optional(StringEnum(["Unknown", "User", "Group"])),
            },
            strict,
          ),
        ),
        labels: Type.Optional(
          Type.Array(IncidentLabel, { description: "Labels (tags) to add to the incident." }),
        ),
      },
      strict,
    ),
  },
  strict,
);

const RunPlaybookAction = Type.Object(
  {
    order: Type.Integer({ description: "Position of the action among the rule's actions." }),
    actionType: Type.Literal("RunPlaybook"),
    actionConfiguration: Type.Object(
      {
        logicAppResourceId: Type.String({
          minLength: 1,
          description:
            "The Logic App to run: a full ARM resource id, or the id of a playbook of this solution (resolved to its Logic App in the target resource group).",
        }),
        tenantId: Type.Optional(
          Type.String({ format: "uuid", description: "Tenant of the Logic App, when it is another one." }),
        ),
      },
      strict,
    ),
  },
  strict,
);

const AddIncidentTaskAction = Type.Object(
  {
    order: Type.Integer({ description: "Position of the action among the rule's actions." }),
    actionType: Type.Literal("AddIncidentTask"),
    actionConfiguration: Type.Object(
      {
        title: Type.String({ minLength: 1, description: "Task title." }),
        description: Type.Optional(Type.String({ description: "Task details." })),
      },
      strict,
    ),
  },
  strict,
);

export const AutomationRuleAction = Discriminated("actionType", [
  ModifyPropertiesAction,
  RunPlaybookAction,
  AddIncidentTaskAction,
]);

export const AutomationRule = Type.Object(
  {
    id: Type.String({
      format: "uuid",
      description: "Stable GUID: the automation rule's resource name in every workspace.",
    }),
    displayName: Type.String({
      minLength: 1,
      maxLength: 500,
      description: "Name shown in the workspace's automation list.",
    }),
    order: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: "Order of execution among the workspace's automation rules.",
    }),
    triggeringLogic: Type.Object(
      {
        isEnabled: Type.Boolean({ description: "Whether the rule runs." }),
        expirationTimeUtc: Type.Optional(
          Type.String({
            format: "date-time",
            description: "When the rule stops running (UTC date and time).",
          }),
        ),
        triggersOn: StringEnum(["Incidents", "Alerts"], { description: "What the rule reacts to." }),
        triggersWhen: StringEnum(["Created", "Updated"], { description: "On creation, or on update." }),
        conditions: Type.Optional(
          Type.Array(AutomationRuleCondition, {
            maxItems: 50,
            description: "All must hold for the actions to run.",
          }),
        ),
      },
      { ...strict, description: "When the rule runs." },
    ),
    actions: Type.Array(AutomationRuleAction, {
      maxItems: 20,
      description: "What the rule does, in `order`.",
    }),
  },
  {
    ...strict,
    $id: "AutomationRule",
    title: "Automation rule",
    description:
      "An automation rule in automationRules/: conditions on new or updated incidents or alerts, and the actions to take.",
  },
);

export type AutomationRuleCondition = Static<typeof AutomationRuleCondition>;
export type AutomationRuleAction = Static<typeof AutomationRuleAction>;
export type AutomationRule = Static<typeof AutomationRule>;
