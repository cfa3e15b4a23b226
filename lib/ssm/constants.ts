// Wire constants of the Session Manager data channel, as the session-manager-plugin and
// amazon-ssm-agent define them (docs/session-manager-protocol.md).

/** MessageType strings (the 32-byte ASCII field at offset 4). */
export const MessageType = {
  InputStreamData: "input_stream_data",
  OutputStreamData: "output_stream_data",
  Acknowledge: "acknowledge",
  ChannelClosed: "channel_closed",
  StartPublication: "start_publication",
  PausePublication: "pause_publication",
  AgentSessionState: "agent_session_state",
} as const;

/** PayloadType values (uint32 at offset 112). */
export const PayloadType = {
  /** Acknowledge and control messages carry 0. */
  None: 0,
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

/** Values of a PayloadType.Flag payload (4-byte big-endian uint32), used by port sessions. */
export const PayloadTypeFlag = { DisconnectToPort: 1, TerminateSession: 2, ConnectToPortError: 3 } as const;

/** Flags field bits. */
export const Flag = { None: 0, Syn: 1, Fin: 2, SynFin: 3 } as const;

/** ActionStatus values in a HandshakeResponse. */
export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

/** ActionType values in a HandshakeRequest. */
export const ActionType = { KMSEncryption: "KMSEncryption", SessionType: "SessionType" } as const;

/** SessionType values of the SessionType handshake action. */
export const SessionTypeName = {
  StandardStream: "Standard_Stream",
  Port: "Port",
  InteractiveCommands: "InteractiveCommands",
  NonInteractiveCommands: "NonInteractiveCommands",
} as const;

/** Frame layout: offsets of each header field (all integers big-endian). */
export const Offset = {
  HeaderLength: 0,
  MessageType: 4,
  SchemaVersion: 36,
  CreatedDate: 40,
  SequenceNumber: 48,
  Flags: 56,
  MessageId: 64,
  PayloadDigest: 80,
  PayloadType: 112,
  PayloadLength: 116,
  Payload: 120,
} as const;

/** The HeaderLength value every writer puts on the wire: the offset of PayloadLength. */
export const HEADER_LENGTH = 116;
/** Smallest possible frame: the header plus the PayloadLength field, no payload. */
export const MIN_FRAME_LENGTH = 120;
export const MESSAGE_TYPE_LENGTH = 32;
export const DIGEST_LENGTH = 32;
export const SCHEMA_VERSION = 1;

/** Retransmission constants, identical in plugin and agent (docs/session-manager-protocol.md#retransmission). */
export const Retransmission = {
  resendIntervalMs: 100,
  initialRtoMs: 200,
  initialRttMs: 100,
  initialRttVarMs: 0,
  clockGranularityMs: 10,
  maxRtoMs: 1000,
  rttGain: 1 / 8,
  rttVarGain: 1 / 4,
  maxResendAttempts: 3000,
} as const;

/** The plugin reads keystrokes in chunks of at most 1024 bytes; the agent splits output the same way. */
export const STREAM_CHUNK_SIZE = 1024;
/** Out-of-order receive buffer capacity of the plugin. */
export const RECEIVE_BUFFER_CAPACITY = 10_000;
