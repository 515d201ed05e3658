/**
 * STIX 2.1 §10 vocabularies (open, SHOULD) and enumerations (closed, MUST), with the values
 * added by Errata 01 (checklist §14). Each entry is a frozen set keyed by its spec name.
 */

function set(...values: string[]): ReadonlySet<string> {
  return Object.freeze(new Set(values));
}

/** Every §10 vocabulary and enumeration by its spec name (`*-ov` open, `*-enum` closed). */
export const VOCABULARIES = {
  'account-type-ov': set(
    'facebook',
    'ldap',
    'nis',
    'openid',
    'radius',
    'skype',
    'tacacs',
    'twitter',
    'unix',
    'windows-local',
    'windows-domain',
  ),
  'attack-motivation-ov': set(
    'accidental',
    'coercion',
    'dominance',
    'ideology',
    'notoriety',
    'organizational-gain',
    'personal-gain',
    'personal-satisfaction',
    'revenge',
    'unpredictable',
  ),
  'attack-resource-level-ov': set('individual', 'club', 'contest', 'team', 'organization', 'government'),
  'encryption-algorithm-enum': set('AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated'),
  'extension-type-enum': set(
    'new-sdo',
    'new-sco',
    'new-sro',
    'property-extension',
    'toplevel-property-extension',
  ),
  'grouping-context-ov': set('suspicious-activity', 'malware-analysis', 'unspecified'),
  'hash-algorithm-ov': set('MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512', 'SSDEEP', 'TLSH'),
  'identity-class-ov': set('individual', 'group', 'system', 'organization', 'class', 'unknown'),
  'implementation-language-ov': set(
    ...'applescript bash c c++ c# go java javascript lua objective-c perl php powershell python ruby rust scala swift typescript visual-basic x86-32 x86-64'.split(
      ' ',
    ),
  ),
  'indicator-type-ov': set(
    'anomalous-activity',
    'anonymization',
    'benign',
    'compromised',
    'malicious-activity',
    'attribution',
    'unknown',
  ),
  'industry-sector-ov': set(
    ...'agriculture aerospace automotive chemical commercial communications construction defense education energy entertainment financial-services government emergency-services government-local government-national government-public-services government-regional healthcare hospitality-leisure infrastructure dams nuclear water insurance legal manufacturing mining non-profit pharmaceuticals retail technology telecommunications transportation utilities'.split(
      ' ',
    ),
  ),
  'infrastructure-type-ov': set(
    ...'amplification anonymization botnet command-and-control control-system exfiltration firewall hosting-malware hosting-target-lists phishing reconnaissance routers-switches staging workstation unknown'.split(
      ' ',
    ),
  ),
  'malware-capabilities-ov': set(
    ...'accesses-remote-machines anti-debugging anti-disassembly anti-emulation anti-memory-forensics anti-sandbox anti-vm captures-input-peripherals captures-output-peripherals captures-system-state-data cleans-traces-of-infection commits-fraud communicates-with-c2 compromises-data-availability compromises-data-integrity compromises-system-availability controls-local-machine degrades-security-software degrades-system-updates determines-c2-server emails-spam escalates-privileges evades-av exfiltrates-data fingerprints-host hides-artifacts hides-executing-code infects-files infects-remote-machines installs-other-components persists-after-system-reboot prevents-artifact-access prevents-artifact-deletion probes-network-environment self-modifies steals-authentication-credentials violates-system-operational-integrity'.split(
      ' ',
    ),
  ),
  'malware-result-ov': set('malicious', 'suspicious', 'benign', 'unknown'),
  'malware-type-ov': set(
    ...'adware backdoor bot bootkit ddos downloader dropper exploit-kit keylogger ransomware remote-access-trojan resource-exploitation rogue-security-software rootkit screen-capture spyware trojan unknown virus webshell wiper worm'.split(
      ' ',
    ),
  ),
  'network-socket-address-family-enum': set(
    'AF_UNSPEC',
    'AF_INET',
    'AF_IPX',
    'AF_APPLETALK',
    'AF_NETBIOS',
    'AF_INET6',
    'AF_IRDA',
    'AF_BTH',
  ),
  'network-socket-type-enum': set('SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET'),
  'opinion-enum': set('strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'),
  'pattern-type-ov': set('stix', 'pcre', 'sigma', 'snort', 'suricata', 'yara'),
  'processor-architecture-ov': set('alpha', 'arm', 'ia-64', 'mips', 'powerpc', 'sparc', 'x86', 'x86-64'),
  'region-ov': set(
    ...'africa eastern-africa middle-africa northern-africa southern-africa western-africa americas caribbean central-america latin-america-caribbean northern-america south-america asia central-asia eastern-asia southern-asia south-eastern-asia western-asia europe eastern-europe northern-europe southern-europe western-europe oceania antarctica australia-new-zealand melanesia micronesia polynesia'.split(
      ' ',
    ),
  ),
  'report-type-ov': set(
    ...'attack-pattern campaign identity incident indicator intrusion-set malware observed-data threat-actor threat-report tool vulnerability'.split(
      ' ',
    ),
  ),
  'threat-actor-type-ov': set(
    ...'activist competitor crime-syndicate criminal hacker insider-accidental insider-disgruntled nation-state private-sector sensationalist spy terrorist unknown'.split(
      ' ',
    ),
  ),
  'threat-actor-role-ov': set(
    'agent',
    'director',
    'independent',
    'infrastructure-architect',
    'infrastructure-operator',
    'malware-author',
    'sponsor',
  ),
  'threat-actor-sophistication-ov': set(
    'none',
    'minimal',
    'intermediate',
    'advanced',
    'expert',
    'innovator',
    'strategic',
  ),
  'tool-type-ov': set(
    'denial-of-service',
    'exploitation',
    'information-gathering',
    'network-capture',
    'credential-exploitation',
    'remote-access',
    'vulnerability-scanning',
    'unknown',
  ),
  'windows-integrity-level-enum': set('low', 'medium', 'high', 'system'),
  'windows-pebinary-type-ov': set('dll', 'exe', 'sys'),
  'windows-registry-datatype-enum': set(
    ...'REG_NONE REG_SZ REG_EXPAND_SZ REG_BINARY REG_DWORD REG_DWORD_BIG_ENDIAN REG_DWORD_LITTLE_ENDIAN REG_LINK REG_MULTI_SZ REG_RESOURCE_LIST REG_FULL_RESOURCE_DESCRIPTION REG_RESOURCE_REQUIREMENTS_LIST REG_QWORD REG_INVALID_TYPE'.split(
      ' ',
    ),
  ),
  'windows-service-start-type-enum': set(
    'SERVICE_AUTO_START',
    'SERVICE_BOOT_START',
    'SERVICE_DEMAND_START',
    'SERVICE_DISABLED',
    'SERVICE_SYSTEM_ALERT',
  ),
  'windows-service-type-enum': set(
    'SERVICE_KERNEL_DRIVER',
    'SERVICE_FILE_SYSTEM_DRIVER',
    'SERVICE_WIN32_OWN_PROCESS',
    'SERVICE_WIN32_SHARE_PROCESS',
  ),
  'windows-service-status-enum': set(
    'SERVICE_CONTINUE_PENDING',
    'SERVICE_PAUSE_PENDING',
    'SERVICE_PAUSED',
    'SERVICE_RUNNING',
    'SERVICE_START_PENDING',
    'SERVICE_STOP_PENDING',
    'SERVICE_STOPPED',
  ),
} as const satisfies Record<string, ReadonlySet<string>>;

/** The name of a §10 vocabulary or enumeration. */
export type VocabularyName = keyof typeof VOCABULARIES;
