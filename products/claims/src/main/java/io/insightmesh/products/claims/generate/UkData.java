package io.insightmesh.products.claims.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small lists that make synthetic people look British: common given and family names, real
 * postcode districts, the sort-code ranges of real banks, common email providers, the first octets
 * of UK broadband providers' address space, and the National Insurance number prefixes HMRC issues.
 * Values are real categories; every combination drawn from them is synthetic.
 */
final class UkData {
  private UkData() {}

  static final byte[][] MALE_NAMES =
      bytes(
          "Oliver",
          "Jack",
          "Harry",
          "George",
          "Noah",
          "Charlie",
          "Jacob",
          "Thomas",
          "Oscar",
          "William",
          "James",
          "Leo",
          "Joshua",
          "Daniel",
          "Samuel",
          "Mohammed",
          "Alfie",
          "Henry",
          "Joseph",
          "Lewis",
          "David",
          "John",
          "Paul",
          "Mark",
          "Michael",
          "Andrew",
          "Peter",
          "Stephen",
          "Richard",
          "Christopher",
          "Robert",
          "Matthew",
          "Gary",
          "Ian",
          "Kevin",
          "Simon",
          "Darren",
          "Lee",
          "Craig",
          "Gareth",
          "Rhys",
          "Sean",
          "Callum",
          "Aaron",
          "Adam",
          "Arjun",
          "Ravi");
  static final byte[][] FEMALE_NAMES =
      bytes(
          "Olivia",
          "Amelia",
          "Isla",
          "Ava",
          "Emily",
          "Sophia",
          "Grace",
          "Mia",
          "Poppy",
          "Ella",
          "Lily",
          "Jessica",
          "Sophie",
          "Charlotte",
          "Emma",
          "Hannah",
          "Lucy",
          "Chloe",
          "Sarah",
          "Laura",
          "Rebecca",
          "Claire",
          "Helen",
          "Karen",
          "Susan",
          "Julie",
          "Nicola",
          "Joanne",
          "Lisa",
          "Michelle",
          "Rachel",
          "Amy",
          "Kelly",
          "Gemma",
          "Louise",
          "Catherine",
          "Fatima",
          "Aisha",
          "Priya",
          "Zara",
          "Megan",
          "Bethan",
          "Niamh",
          "Siobhan",
          "Ruth",
          "Margaret");
  static final byte[][] FAMILY_NAMES =
      bytes(
          "Smith",
          "Jones",
          "Williams",
          "Taylor",
          "Brown",
          "Davies",
          "Evans",
          "Wilson",
          "Thomas",
          "Johnson",
          "Roberts",
          "Robinson",
          "Thompson",
          "Wright",
          "Walker",
          "White",
          "Edwards",
          "Hughes",
          "Green",
          "Hall",
          "Lewis",
          "Harris",
          "Clarke",
          "Patel",
          "Jackson",
          "Wood",
          "Turner",
          "Martin",
          "Cooper",
          "Hill",
          "Ward",
          "Morris",
          "Moore",
          "Clark",
          "Lee",
          "King",
          "Baker",
          "Harrison",
          "Morgan",
          "Allen",
          "James",
          "Scott",
          "Phillips",
          "Watson",
          "Davis",
          "Parker",
          "Price",
          "Bennett",
          "Young",
          "Griffiths",
          "Mitchell",
          "Kelly",
          "Cook",
          "Carter",
          "Richardson",
          "Bailey",
          "Collins",
          "Bell",
          "Shaw",
          "Murphy",
          "Miller",
          "Cox",
          "Richards",
          "Khan",
          "Marshall",
          "Anderson",
          "Simpson",
          "Ellis",
          "Adams",
          "Singh",
          "Begum",
          "Wilkinson",
          "Foster",
          "Chapman",
          "Powell",
          "Webb",
          "Rogers",
          "Gray",
          "Mason",
          "Ali",
          "Hunt",
          "Hussain",
          "Campbell",
          "Matthews",
          "Owen",
          "Palmer",
          "Holmes",
          "Mills",
          "Barnes",
          "Knight",
          "Lloyd",
          "Butler",
          "Russell",
          "Barker",
          "Fisher",
          "Stevens",
          "Jenkins",
          "Murray",
          "Dixon",
          "Harvey",
          "O'Brien",
          "MacDonald",
          "Reid",
          "Kaur",
          "Nowak",
          "Ahmed",
          "Okafor",
          "Chen");
  static final byte[][] MALE_EMAIL = emailParts(MALE_NAMES);
  static final byte[][] FEMALE_EMAIL = emailParts(FEMALE_NAMES);
  static final byte[][] FAMILY_EMAIL = emailParts(FAMILY_NAMES);

  /** Real postcode districts (outward codes) across the four nations. */
  static final byte[][] OUTWARD_CODES =
      bytes(
          "SW1A", "EC1A", "W1D", "WC2N", "N1", "N7", "E1", "E14", "E17", "SE1", "SE15", "SE18",
          "NW1", "NW10", "W12", "SW11", "SW19", "CR0", "BR1", "DA1", "RM1", "IG1", "EN1", "HA1",
          "UB1", "TW1", "KT1", "SM1", "B1", "B15", "B23", "B44", "CV1", "WV1", "DY1", "WS1", "M1",
          "M14", "M20", "OL1", "BL1", "SK1", "WN1", "L1", "L8", "L18", "CH1", "WA1", "PR1", "BB1",
          "FY1", "LA1", "CA1", "LS1", "LS6", "BD1", "HD1", "HX1", "WF1", "S1", "S10", "DN1", "HU1",
          "YO1", "NE1", "NE6", "SR1", "DH1", "DL1", "TS1", "NG1", "NG7", "LE1", "DE1", "LN1", "PE1",
          "NN1", "MK9", "LU1", "AL1", "SG1", "HP1", "OX1", "OX4", "RG1", "SL1", "GU1", "RH1", "BN1",
          "BN3", "TN1", "ME1", "CT1", "CM1", "CO1", "SS1", "CB1", "IP1", "NR1", "SO14", "PO1",
          "BH1", "SP1", "SN1", "BA1", "BS1", "BS5", "BS8", "GL1", "EX1", "PL1", "TR1", "TQ1", "TA1",
          "HR1", "WR1", "ST1", "TF1", "SY1", "CF10", "CF24", "SA1", "NP20", "LL57", "LD1", "EH1",
          "EH6", "EH11", "G1", "G3", "G12", "G41", "PA1", "KA1", "ML1", "FK1", "KY1", "DD1", "PH1",
          "AB10", "AB24", "IV1", "DG1", "TD1", "BT1", "BT7", "BT9", "BT48");

  /** The letters a postcode's unit may use (C, I, K, M, O and V never appear there). */
  static final byte[] UNIT_LETTERS = Ascii.bytes("ABDEFGHJLNPQRSTUWXYZ");

  /**
   * Sort-code ranges of real banks: the fixed leading digits and a weight roughly in proportion to
   * personal current accounts. The remaining digits are drawn.
   */
  static final String[] SORT_CODE_PREFIXES = {
    "20", "30", "77", "60", "40", "09", "07", "11", "83", "56", "16", "04", "08", "23", "82"
  };

  static final double[] SORT_CODE_WEIGHTS =
      Rng.cumulative(16, 10, 6, 14, 13, 8, 7, 6, 4, 3, 2, 4, 2, 2, 3);

  /** Digital banks, where money-mule accounts are easiest to open. */
  static final String[] MULE_SORT_CODES = {"040004", "608371", "040075", "230580", "044004"};

  static final byte[][] EMAIL_DOMAINS =
      bytes(
          "gmail.com",
          "hotmail.co.uk",
          "outlook.com",
          "yahoo.co.uk",
          "btinternet.com",
          "icloud.com",
          "live.co.uk",
          "sky.com");

  static final double[] EMAIL_DOMAIN_WEIGHTS = Rng.cumulative(34, 20, 12, 10, 8, 8, 5, 3);

  /** First octets of UK residential broadband and mobile address space. */
  static final int[] RESIDENTIAL_FIRST_OCTETS = {
    2, 5, 31, 37, 51, 62, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90, 92, 94, 109, 148, 176,
    178, 188, 212, 213, 217
  };

  /** First octets of hosting and VPN ranges: where scripted submissions come from. */
  static final int[] HOSTING_FIRST_OCTETS = {5, 23, 45, 104, 138, 159, 167, 178, 185, 193, 194};

  static final String[] TRADES = {
    "Building Services",
    "Plumbing",
    "Electrical",
    "Catering",
    "Consulting",
    "Logistics",
    "Hair & Beauty",
    "Motors",
    "Cleaning Services",
    "Bakery",
    "Landscaping",
    "Print",
    "Design",
    "Joinery",
    "Roofing",
    "Removals",
    "Dental Care",
    "Fitness",
    "Travel",
    "Trading",
    "Events",
    "Cafe",
    "Scaffolding",
    "Care Services",
    "Interiors",
    "Engineering",
    "Security",
    "Vets",
    "Media",
    "Software",
    "Wholesale",
    "Pharmacy",
    "Taxis",
    "Tutoring",
    "Photography"
  };

  /**
   * National Insurance number prefixes HMRC issues: the first letter is not D, F, I, Q, U or V; the
   * second is not D, F, I, O, Q, U or V; and BG, GB, NK, KN, TN, NT and ZZ are never used.
   */
  static final byte[][] NINO_PREFIXES = ninoPrefixes();

  private static byte[][] ninoPrefixes() {
    List<byte[]> prefixes = new ArrayList<>();
    List<String> unused = List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
    for (char first = 'A'; first <= 'Z'; first++) {
      if ("DFIQUV".indexOf(first) >= 0) {
        continue;
      }
      for (char second = 'A'; second <= 'Z'; second++) {
        String prefix = "" + first + second;
        if ("DFIOQUV".indexOf(second) < 0 && !unused.contains(prefix)) {
          prefixes.add(Ascii.bytes(prefix));
        }
      }
    }
    return prefixes.toArray(byte[][]::new);
  }

  private static byte[][] bytes(String... values) {
    byte[][] result = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      result[i] = Ascii.bytes(values[i]);
    }
    return result;
  }

  private static byte[][] emailParts(byte[][] names) {
    byte[][] result = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      String name = new String(names[i], java.nio.charset.StandardCharsets.US_ASCII);
      result[i] = Ascii.bytes(name.toLowerCase(Locale.ROOT).replace("'", ""));
    }
    return result;
  }
}
