// MITRE ATT&CK technique -> tactic data (Enterprise v17 and ICS matrices, written from the public technique
// tables at attack.mitre.org), in the tactic names of the alertRules API. Used for Microsoft CI's
// `NoTechniquesWithoutMatchingTactics`: a rule's techniques must each belong to a tactic the rule lists.

/** Technique ids per API tactic, as in the ATT&CK matrix columns; ICS "Evasion" counts as DefenseEvasion. */
const MATRIX: Readonly<Record<string, string>> = {
  Reconnaissance: 'T1595 T1592 T1589 T1590 T1591 T1598 T1597 T1596 T1593 T1594',
  ResourceDevelopment: 'T1650 T1583 T1586 T1584 T1587 T1585 T1588 T1608',
  InitialAccess: `T1659 T1669 T1189 T1190 T1133 T1200 T1566 T1091 T1195 T1199 T1078
    T0817 T0819 T0866 T0822 T0883 T0886 T0847 T0848 T0865 T0862 T0864 T0860`,
  Execution: `T1651 T1059 T1609 T1610 T1675 T1203 T1674 T1559 T1106 T1053 T1648 T1129 T1072 T1569 T1204 T1047
    T0895 T0858 T0807 T0871 T0823 T0874 T0821 T0834 T0853 T0863`,
  Persistence: `T1098 T1197 T1547 T1037 T1176 T1554 T1136 T1543 T1546 T1668 T1133 T1574 T1525 T1556 T1137 T1653
    T1542 T1053 T1505 T1205 T1078 T1671
    T0891 T0889 T0839 T0873 T0857 T0859`,
  PrivilegeEscalation: `T1548 T1134 T1098 T1547 T1037 T1543 T1484 T1611 T1546 T1068 T1574 T1055 T1053 T1078
    T0890 T0874`,
  DefenseEvasion: `T1548 T1134 T1197 T1612 T1622 T1140 T1610 T1006 T1672 T1484 T1480 T1211 T1222 T1564 T1574 T1562
    T1656 T1070 T1202 T1036 T1556 T1578 T1666 T1112 T1601 T1599 T1027 T1647 T1542 T1055 T1620 T1207 T1014 T1553
    T1218 T1216 T1221 T1205 T1127 T1535 T1550 T1078 T1497 T1600 T1220
    T0858 T0820 T0872 T0849 T0851 T0856 T0894`,
  CredentialAccess: `T1557 T1110 T1555 T1212 T1187 T1606 T1056 T1556 T1111 T1621 T1040 T1003 T1528 T1649 T1558
    T1539 T1552`,
  Discovery: `T1087 T1010 T1217 T1580 T1538 T1526 T1619 T1613 T1622 T1652 T1482 T1083 T1615 T1654 T1046 T1135
    T1040 T1201 T1120 T1069 T1057 T1012 T1018 T1518 T1082 T1614 T1016 T1049 T1033 T1007 T1124 T1673 T1497
    T0840 T0842 T0846 T0888 T0887`,
  LateralMovement: `T1210 T1534 T1570 T1563 T1021 T1091 T1072 T1080 T1550
    T0812 T0866 T0891 T0867 T0843 T0886 T0859`,
  Collection: `T1557 T1560 T1123 T1119 T1185 T1115 T1530 T1602 T1213 T1005 T1039 T1025 T1074 T1114 T1056 T1113
    T1125
    T0830 T0802 T0811 T0893 T0868 T0877 T0801 T0861 T0845 T0852 T0887`,
  Exfiltration: 'T1020 T1030 T1048 T1041 T1011 T1052 T1567 T1029 T1537',
  CommandAndControl: `T1071 T1092 T1659 T1132 T1001 T1568 T1573 T1008 T1665 T1105 T1104 T1095 T1571 T1572 T1090
    T1219 T1205 T1102
    T0885 T0884 T0869`,
  Impact: `T1531 T1485 T1486 T1565 T1491 T1561 T1667 T1499 T1657 T1495 T1490 T1498 T1496 T1489 T1529
    T0879 T0813 T0815 T0826 T0827 T0828 T0837 T0880 T0829 T0831 T0832 T0882`,
  InhibitResponseFunction: 'T0800 T0878 T0803 T0804 T0805 T0892 T0809 T0814 T0816 T0835 T0838 T0851 T0881 T0857',
  ImpairProcessControl: 'T0806 T0836 T0839 T0856 T0855',
};

/**
 * The retired PRE-ATT&CK tactic: the API still accepts `PreAttack`, and its techniques became Reconnaissance and
 * Resource Development in ATT&CK v8, so a technique of either also matches a rule that lists PreAttack.
 */
const PRE_ATTACK_SUCCESSORS = ['Reconnaissance', 'ResourceDevelopment'];

const TACTICS_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [tactic, ids] of Object.entries(MATRIX)) {
    for (const id of ids.split(/\s+/).filter(Boolean)) map.set(id, [...(map.get(id) ?? []), tactic]);
  }
  for (const tactics of map.values())
    if (tactics.some(t => PRE_ATTACK_SUCCESSORS.includes(t))) tactics.push('PreAttack');
  return map;
})();

/** `T1078` for `T1078.004`: sub-techniques share their parent's tactics. */
export function parentTechnique(id: string): string {
  return id.split('.')[0] ?? id;
}

/** The API tactics a technique (or sub-technique) belongs to, or undefined when the table does not know it. */
export function tacticsOfTechnique(id: string): readonly string[] | undefined {
  return TACTICS_OF.get(parentTechnique(id));
}

/** Number of techniques in the table (for docs and tests). */
export const KNOWN_TECHNIQUE_COUNT = TACTICS_OF.size;

export const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
