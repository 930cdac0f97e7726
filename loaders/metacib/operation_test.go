package metacib

import "testing"

func TestOperationFor(t *testing.T) {
	for _, tc := range []struct{ file, id, name, period, published string }{
		{"Q1_2023__Q1_2023_China-based_CIB_network_1.csv", "meta:q1-2023-china-based-cib-network-1", "Q1 2023 China-based CIB network 1", "2023-Q1", ""},
		{"/data/Q1_2023__Q1_2023__Georgia-based_CIB_network.csv", "meta:q1-2023-georgia-based-cib-network", "Q1 2023 Georgia-based CIB network", "2023-Q1", ""},
		{"Q1_2023__Q1_2023__Togo___Burkina_Faso-based_CIB_network.csv", "meta:q1-2023-togo-burkina-faso-based-cib-network", "Q1 2023 Togo / Burkina Faso-based CIB network", "2023-Q1", ""},
		{"Q1_2024__Q1_2024_MOLDOVA_&_MADAGASCAR_TARGETING_CIB_NETWORK.csv", "meta:q1-2024-moldova-madagascar-targeting-cib-network", "Q1 2024 Moldova & Madagascar targeting CIB network", "2024-Q1", ""},
		{"Q1_2024__Q1_2024_Bangladesh_Based_Cib_Network.csv", "meta:q1-2024-bangladesh-based-cib-network", "Q1 2024 Bangladesh based CIB network", "2024-Q1", ""},
		{"Q2_2023___Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv", "meta:q2-2023-doppelganger-russia-based-cib-network", "Q2 2023 Doppelganger Russia based CIB network", "2023-Q2", ""},
		{"Q2_2023___Q2_2023_Türkiye-based_CIB_network_1.csv", "meta:q2-2023-turkiye-based-cib-network-1", "Q2 2023 Türkiye-based CIB network 1", "2023-Q2", ""},
		{"Q2_2024__Q2_2024_RUSSIA-BASED_CIB_NETWORK_#1_.csv", "meta:q2-2024-russia-based-cib-network-1", "Q2 2024 Russia-based CIB network #1", "2024-Q2", ""},
		{"Q2_2024__Q2_2024_US-BASED_CIB_NETWORK.csv", "meta:q2-2024-us-based-cib-network", "Q2 2024 US-based CIB network", "2024-Q2", ""},
		{"Q2-3_2025__Q2-3_2025_GithubIOCs_-_Q2-3_2025_RUSSIA_BASED_CIB_NETWORK_CS1.csv", "meta:q2-3-2025-russia-based-cib-network-cs1", "Q2-3 2025 Russia based CIB network CS1", "2025-Q2-Q3", ""},
		{"Q4-1_2026_GithubIOCs_-_H1_2026_IRAN_BASED_CIB_NETWORK_2.csv", "meta:h1-2026-iran-based-cib-network-2", "H1 2026 Iran based CIB network 2", "2026-H1", ""},
		{"Q4_2024___Q4_2024_BENIN_BASED_CIB_NETWORK.csv", "meta:q4-2024-benin-based-cib-network", "Q4 2024 Benin based CIB network", "2024-Q4", ""},
		{"2022_04_metas_adversarial_threat_report_q1.csv", "meta:2022-04-metas-adversarial-threat-report-q1", "2022-04 Metas adversarial threat report Q1", "2022-Q1", "2022-04"},
		{"2022_09_removing_coordinated_inauthentic_behavior_from_china_and_russia.csv", "meta:2022-09-removing-coordinated-inauthentic-behavior-from-china-and-russia", "2022-09 Removing coordinated inauthentic behavior from china and russia", "2022", "2022-09"},
		// Meta's own layout and a zip member name give the same operation.
		{"indicators/csv/Q1_2023/Q1_2023 China-based_CIB network_1.csv", "meta:q1-2023-china-based-cib-network-1", "Q1 2023 China-based CIB network 1", "2023-Q1", ""},
		{"release.zip:Q1_2023/Q1_2023 China-based_CIB network_1.csv", "meta:q1-2023-china-based-cib-network-1", "Q1 2023 China-based CIB network 1", "2023-Q1", ""},
		{"Q1_2023__Q1_2023_China-based_CIB_network_1.csv.gz", "meta:q1-2023-china-based-cib-network-1", "Q1 2023 China-based CIB network 1", "2023-Q1", ""},
	} {
		op := OperationFor(tc.file)
		if op.ID != tc.id || op.Name != tc.name || op.Period != tc.period || op.Published != tc.published || op.Source != "Meta" {
			t.Errorf("OperationFor(%q) = %q %q %q %q %q, want %q %q %q %q Meta", tc.file, op.ID, op.Name, op.Period, op.Published, op.Source,
				tc.id, tc.name, tc.period, tc.published)
		}
	}
}
