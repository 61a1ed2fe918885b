// What the playground page reads: the messages the log messenger has sent (the playground's inbox), and the
// demo people and boards to pick from. The playground is an adapter like Slack and Teams, so it reaches the
// database through this service, never storage directly (tests/unit/layering.test.ts).
export {
  type PlaygroundPerson,
  personForPlayground,
  playgroundBoards,
  playgroundPeople,
  sentLogIds,
  sentLogMessages,
} from "../storage/playground.js";
